using System.Text.Json;

namespace SutazAI.Agents.Hosting.Skills;

/// <summary>
/// A skill with typed input and output: the base class does the JSON conversion so a skill is only its
/// algorithm. Property names are camelCase on the wire.
/// </summary>
public abstract class Skill<TInput, TOutput> : ISkill
    where TInput : class
{
    protected static readonly JsonSerializerOptions WireOptions = new(JsonSerializerDefaults.Web);

    private readonly Lazy<JsonElement> _schema;

    protected Skill() => _schema = new Lazy<JsonElement>(() => JsonDocument.Parse(InputSchemaJson).RootElement.Clone());

    public abstract string Capability { get; }

    public abstract string Description { get; }

    /// <summary>The input's JSON Schema as text.</summary>
    protected abstract string InputSchemaJson { get; }

    public JsonElement InputSchema => _schema.Value;

    public virtual bool UsesLlm => false;

    public virtual IReadOnlyList<string> Examples => [];

    public async Task<JsonElement> ExecuteAsync(SkillContext context, CancellationToken cancellationToken)
    {
        TInput input;
        try
        {
            input = context.Input.Deserialize<TInput>(WireOptions)
                ?? throw new SkillInputException("The input is null.");
        }
        catch (JsonException ex)
        {
            throw new SkillInputException($"The input does not fit {Capability}: {ex.Message}");
        }

        var output = await ExecuteAsync(input, context, cancellationToken);
        return JsonSerializer.SerializeToElement(output, WireOptions);
    }

    /// <summary>Runs the skill on a typed input.</summary>
    protected abstract Task<TOutput> ExecuteAsync(TInput input, SkillContext context, CancellationToken cancellationToken);
}
