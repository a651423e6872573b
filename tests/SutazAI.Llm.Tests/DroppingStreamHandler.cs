namespace SutazAI.Llm.Tests;

/// <summary>
/// Cuts the first few event-stream responses after some bytes, as a network that drops a connection would (the reader
/// gets an <see cref="IOException"/> mid-stream), and records the <c>Last-Event-ID</c> each connection asked to resume from.
/// </summary>
public sealed class DroppingStreamHandler(int cutAfterBytes, int cuts) : DelegatingHandler
{
    private int _cut;
    private int _connections;

    public int Cut => _cut;

    public int Connections => _connections;

    public List<string?> ResumedFrom { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri?.AbsolutePath.EndsWith("/events", StringComparison.Ordinal) != true)
        {
            return response;
        }

        Interlocked.Increment(ref _connections);
        lock (ResumedFrom)
        {
            ResumedFrom.Add(request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null);
        }

        if (response.Content is null || Interlocked.Increment(ref _cut) > cuts)
        {
            Interlocked.Decrement(ref _cut);
            return response;
        }

        var original = response.Content;
        var body = await original.ReadAsStreamAsync(cancellationToken);
        var cutContent = new StreamContent(new CuttingStream(body, cutAfterBytes));
        foreach (var (name, values) in original.Headers)
        {
            cutContent.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = cutContent;
        return response;
    }

    private sealed class CuttingStream(Stream inner, int limit) : Stream
    {
        private int _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read >= limit)
            {
                throw new IOException("The connection was cut by the test.");
            }

            var read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, limit - _read)], cancellationToken);
            _read += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
