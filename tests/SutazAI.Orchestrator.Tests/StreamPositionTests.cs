using SutazAI.Orchestrator.Streams;

namespace SutazAI.Orchestrator.Tests;

public sealed class StreamPositionTests
{
    [Theory]
    [InlineData("7", 7, 0)]
    [InlineData("7.42", 7, 42)]
    [InlineData("0.0", 0, 0)]
    public void An_id_the_streams_gave_reads_back_as_the_same_position(string id, int version, int output)
    {
        Assert.True(StreamPosition.TryParse(id, out var position));
        Assert.Equal(new StreamPosition(version, output), position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData("1.2.3")]
    [InlineData(" 1")]
    [InlineData("2147483648")]
    [InlineData("1111111111111111111111111")]
    public void Anything_else_is_no_position(string id) => Assert.False(StreamPosition.TryParse(id, out _));

    [Fact]
    public void A_tasks_event_id_names_version_and_output_and_a_workflows_its_version()
    {
        var position = new StreamPosition(3, 12);
        Assert.Equal("3.12", position.TaskEventId);
        Assert.Equal("3", position.WorkflowEventId);
        Assert.True(StreamPosition.TryParse(position.TaskEventId, out var back) && back == position);
    }
}
