namespace Microsoft.Extensions.Hosting;

/// <summary>The <c>page</c> and <c>pageSize</c> query parameters every listing of every service takes (page 1 and 20 unless said).</summary>
public readonly record struct Paging(int Page, int Size)
{
    public int Skip => (Page - 1) * Size;

    /// <summary>Reads the parameters, adding a message per bad one to <paramref name="errors"/>.</summary>
    public static Paging Read(int? page, int? pageSize, int maxSize, Dictionary<string, string[]> errors, int defaultSize = 20)
    {
        var paging = new Paging(page ?? 1, pageSize ?? defaultSize);
        if (paging.Page < 1)
        {
            errors["page"] = ["The page starts at 1."];
        }

        if (paging.Size < 1 || paging.Size > maxSize)
        {
            errors["pageSize"] = [$"The page size is between 1 and {maxSize}."];
        }

        return paging;
    }
}
