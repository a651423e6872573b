using Microsoft.Playwright;

namespace SutazAI.Web.Tests;

/// <summary>What a page downloads while this counts, as sent over the wire: compressed bodies and their headers.</summary>
public sealed class DownloadedBytes : IDisposable
{
    private readonly IPage _page;
    private readonly List<Task<RequestSizesResult>> _sizes = [];

    public DownloadedBytes(IPage page)
    {
        _page = page;
        _page.RequestFinished += Count;
    }

    public async Task<long> TotalAsync()
    {
        Task<RequestSizesResult>[] sizes;
        lock (_sizes)
        {
            sizes = [.. _sizes];
        }

        return (await Task.WhenAll(sizes)).Sum(s => (long)s.ResponseBodySize + s.ResponseHeadersSize);
    }

    public void Dispose() => _page.RequestFinished -= Count;

    private void Count(object? sender, IRequest request)
    {
        lock (_sizes)
        {
            _sizes.Add(request.SizesAsync());
        }
    }
}
