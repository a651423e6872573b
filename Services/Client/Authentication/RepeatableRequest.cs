namespace SutazAI.Client.Authentication;

/// <summary>A request's method, address, headers and body, kept so the same request can be sent again (a sent message cannot be).</summary>
internal sealed class RepeatableRequest
{
    private readonly HttpRequestMessage _original;
    private readonly byte[]? _body;

    private RepeatableRequest(HttpRequestMessage original, byte[]? body) => (_original, _body) = (original, body);

    public static async Task<RepeatableRequest> CaptureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        return new RepeatableRequest(request, body);
    }

    public HttpRequestMessage Create()
    {
        var copy = new HttpRequestMessage(_original.Method, _original.RequestUri) { Version = _original.Version, VersionPolicy = _original.VersionPolicy };
        foreach (var (name, values) in _original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        if (_body is not null)
        {
            copy.Content = new ByteArrayContent(_body);
            foreach (var (name, values) in _original.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return copy;
    }
}
