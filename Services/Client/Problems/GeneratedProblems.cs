using Microsoft.Kiota.Abstractions.Serialization;
using SutazAI.Client.Problems;

namespace SutazAI.Client.Api.Models;

/// <summary>The generated problem exceptions, seen through one interface.</summary>
public partial class ProblemDetails : IProblem
{
    IReadOnlyDictionary<string, string[]> IProblem.FieldErrors => new Dictionary<string, string[]>();
}

public partial class HttpValidationProblemDetails : IProblem
{
    IReadOnlyDictionary<string, string[]> IProblem.FieldErrors =>
        (Errors?.AdditionalData ?? new Dictionary<string, object>()).ToDictionary(pair => pair.Key, pair => Messages(pair.Value));

    private static string[] Messages(object? value) => value switch
    {
        UntypedArray list => [.. list.GetValue().OfType<UntypedString>().Select(text => text.GetValue() ?? "")],
        IEnumerable<object> items => [.. items.Select(item => item.ToString() ?? "")],
        _ => [value?.ToString() ?? ""],
    };
}
