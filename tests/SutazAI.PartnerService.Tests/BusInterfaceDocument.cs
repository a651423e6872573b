using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using SutazAI.Contracts.Integration;

namespace SutazAI.PartnerService.Tests;

/// <summary>
/// docs/bus-interface.md, written from the packed SutazAI.Contracts (its types and their XML documentation), so the
/// page describes exactly what another team gets; <see cref="BusInterfaceDocumentTests"/> fails when they differ.
/// </summary>
public static class BusInterfaceDocument
{
    public const string RelativePath = "docs/bus-interface.md";

    /// <summary>Commands first, then the answers, then the task events: the order a client meets them in.</summary>
    private static readonly Type[] Messages =
        [typeof(SubmitTask), typeof(TaskAccepted), typeof(TaskRejected), typeof(TaskCompleted), typeof(TaskFailed), typeof(TaskCancelled)];

    public static string Write()
    {
        var assembly = typeof(SubmitTask).Assembly;
        var docs = Documentation(assembly);
        var text = new StringBuilder();
        text.AppendLine("# The SutazAI bus interface").AppendLine()
            .AppendLine("Generated from the `SutazAI.Contracts` package by `tests/SutazAI.PartnerService.Tests` (`BusInterfaceDocument`); a test fails")
            .AppendLine("when this page and the package differ. To rewrite it: `SUTAZAI_WRITE_DOCS=1 ./test.sh` or the same variable on that project's tests.")
            .AppendLine()
            .AppendLine("## Topology").AppendLine()
            .AppendLine(Summary(docs, typeof(BusTopology))).AppendLine()
            .AppendLine("| What | Name | Writes | Reads |")
            .AppendLine("|---|---|---|---|")
            .AppendLine($"| submit exchange (fanout), and the platform's queue of the same name behind it | `{BusTopology.SubmitExchange("NAME")}` | the client | the orchestrator |")
            .AppendLine($"| events exchange (fanout) | `{BusTopology.EventsExchange("NAME")}` | the orchestrator | the client's own queues bound to it |")
            .AppendLine($"| the client's queues (any it declares) | `{BusTopology.QueuePrefix("NAME")}*` | the broker | the client |")
            .AppendLine()
            .AppendLine($"`NAME` is the client's RabbitMQ user: `{BusTopology.ClientNamePattern}`. The operator lists it under `Bus:Clients:NAME:Scopes`")
            .AppendLine("(API scopes: `tasks:write` to submit, `chat` for skills that call the LLM, `tasks:priority` above 5); the AppHost creates the")
            .AppendLine("user with the permissions above and keeps its password in the data folder as `secrets/bus-client-NAME`. Tasks a client")
            .AppendLine($"submits belong to `{BusTopology.Owner("NAME")}`; admins see them over HTTP with `?owner={BusTopology.Owner("NAME")}`.")
            .AppendLine()
            .AppendLine("Messages are MassTransit envelopes (`application/vnd.masstransit+json`) whose `message` holds the fields below in camelCase;")
            .AppendLine("`messageType` is `urn:message:` + the type's full name. A command's `messageId` is its idempotency key (24 hours).")
            .AppendLine("Bind your queue before you submit: events sent while no queue is bound are dropped (the HTTP API still has every task).")
            .AppendLine()
            .AppendLine("## Messages");
        foreach (var type in Messages)
        {
            text.AppendLine().AppendLine($"### {type.Name}").AppendLine()
                .AppendLine($"`urn:message:{type.Namespace}:{type.Name}`").AppendLine()
                .AppendLine(Summary(docs, type)).AppendLine()
                .AppendLine("| field | JSON | nullable | meaning |")
                .AppendLine("|---|---|---|---|");
            var nullability = new NullabilityInfoContext();
            foreach (var parameter in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters())
            {
                var optional = nullability.Create(parameter).ReadState != NullabilityState.NotNull || parameter.HasDefaultValue;
                text.AppendLine($"| `{JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!)}` | {JsonType(parameter.ParameterType)} | {(optional ? "yes" : "no")} | {Param(docs, type, parameter.Name!)} |");
            }
        }

        text.AppendLine().AppendLine("## Versioning").AppendLine()
            .AppendLine("Contracts change additively only: new optional fields, new message types. Removing or renaming a field, or changing its")
            .AppendLine("type or meaning, is a breaking change and gets a new message type (e.g. `SubmitTaskV2`) beside the old one, which keeps")
            .AppendLine("working for at least one major version of the package. The package version is `MAJOR.MINOR.PATCH-cHASH`, the suffix")
            .AppendLine("naming the contracts' source it was built from.");
        return text.ToString().ReplaceLineEndings("\n");
    }

    private static Dictionary<string, XElement> Documentation(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        return XDocument.Load(path).Descendants("member").ToDictionary(m => (string)m.Attribute("name")!);
    }

    private static string Summary(Dictionary<string, XElement> docs, Type type) =>
        docs.TryGetValue($"T:{type.FullName}", out var member) ? Text(member.Element("summary")) : "";

    private static string Param(Dictionary<string, XElement> docs, Type type, string name) =>
        docs.TryGetValue($"T:{type.FullName}", out var member)
            ? Text(member.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == name)).Replace("|", "\\|", StringComparison.Ordinal)
            : "";

    /// <summary>An XML doc element as one line of Markdown: <c>see cref</c> as code, <c>c</c> as code.</summary>
    private static string Text(XElement? element)
    {
        if (element is null)
        {
            return "";
        }

        var parts = element.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" } see => $"`{Reference((string?)see.Attribute("cref") ?? "")}`",
            XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
            XElement other => other.Value,
            _ => "",
        });
        return string.Join(" ", string.Concat(parts).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary><c>T:A.B.Type</c> as <c>Type</c>; <c>M:A.B.Type.Member(System.String)</c> as <c>Type.Member</c>.</summary>
    private static string Reference(string cref)
    {
        var parts = cref[(cref.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('(')[0].Split('.');
        return cref.StartsWith("T:", StringComparison.Ordinal) ? parts[^1] : $"{parts[^2]}.{parts[^1]}";
    }

    private static string JsonType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "string",
            _ when type == typeof(Guid) => "string (uuid)",
            _ when type == typeof(int) => "integer",
            _ when type == typeof(DateTimeOffset) => "string (date-time)",
            _ when type == typeof(JsonElement) => "any JSON (object for an input)",
            _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) => "object: field → array of strings",
            _ => type.Name,
        };
    }
}
