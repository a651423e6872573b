using System.Text.Json.Nodes;
using SutazAI.Orchestrator.Workflows;

namespace SutazAI.Orchestrator.Tests;

public class StepTemplatesTests
{
    private static readonly JsonNode Input = JsonNode.Parse("""{"text":"hello","n":3}""")!;

    private static readonly Dictionary<string, JsonNode?> Results = new()
    {
        ["sum"] = JsonNode.Parse("""{"summary":"short","sentences":["a","b"]}"""),
    };

    [Fact]
    public void A_whole_string_reference_becomes_the_value_with_its_type()
    {
        var resolved = StepTemplates.Resolve(JsonNode.Parse("""{"n":"${input.n}","list":"${steps.sum.result.sentences}","first":"${steps.sum.result.sentences.0}"}"""), Input, Results)!;
        Assert.Equal(3, resolved["n"]!.GetValue<int>());
        Assert.Equal(2, resolved["list"]!.AsArray().Count);
        Assert.Equal("a", resolved["first"]!.GetValue<string>());
    }

    [Fact]
    public void A_reference_inside_text_is_replaced_by_its_text() =>
        Assert.Equal("say hello: short", StepTemplates.Resolve(JsonNode.Parse("""{"t":"say ${input.text}: ${steps.sum.result.summary}"}"""), Input, Results)!["t"]!.GetValue<string>());

    [Fact]
    public void A_missing_path_is_an_error() =>
        Assert.Throws<InvalidOperationException>(() => StepTemplates.Resolve(JsonNode.Parse("""{"t":"${steps.sum.result.nothing}"}"""), Input, Results));

    [Fact]
    public void References_are_found_for_validation()
    {
        var found = StepTemplates.Find(JsonNode.Parse("""{"a":"${steps.x.result.y}","b":["${input.z}"],"c":"${nonsense}"}""")).ToList();
        Assert.Equal(3, found.Count);
        Assert.Equal("x", found[0].Reference!.StepId);
        Assert.Equal("input", found[1].Reference!.Source);
        Assert.Null(found[2].Reference);
    }

    [Fact]
    public void Resolution_stops_once_the_input_would_pass_its_limit()
    {
        // A step result of 600,000 characters referenced twice: the second reference passes 1 MiB.
        var results = new Dictionary<string, JsonNode?> { ["big"] = JsonNode.Parse($$"""{"text":"{{new string('z', 600_000)}}"}""") };
        var once = StepTemplates.Resolve(JsonNode.Parse("""{"t":"${steps.big.result.text}"}"""), Input, results)!;
        Assert.Equal(600_000, once["t"]!.GetValue<string>().Length);

        var error = Assert.Throws<InvalidOperationException>(() =>
            StepTemplates.Resolve(JsonNode.Parse("""{"t":"${steps.big.result.text} ${steps.big.result.text}"}"""), Input, results));
        Assert.Contains("exceed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_length_of_input_references_is_known_before_the_workflow_runs()
    {
        var input = JsonNode.Parse($$"""{"x":"{{new string('z', 1000)}}"}""");
        var length = StepTemplates.ResolvedLengthOfInputReferences(JsonNode.Parse("""{"t":"${input.x}${input.x}${steps.a.result.y}"}"""), input);
        Assert.InRange(length, 2000, 2100);
    }
}
