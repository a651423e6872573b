using System.Reflection;
using SutazAI.Contracts.Auth;
using SutazAI.Orchestrator.Registry;

namespace SutazAI.Orchestrator.Tasks;

/// <summary>
/// Who submits work and what they may ask for beyond submitting, bound from the validated token: capabilities that
/// call the LLM need <c>chat</c> (as the chat API does, so tasks are no way around the LLM's limits), priorities
/// above <see cref="ApiScopes.MaxOrdinaryPriority"/> need <c>tasks:priority</c>; admins may do both.
/// </summary>
public sealed record Submitter(string Owner, bool MayUseLlm, bool MayRaisePriority)
{
    public static Submitter From(HttpContext context) => From(context.User);

    public static Submitter From(System.Security.Claims.ClaimsPrincipal user)
    {
        var admin = user.HasScope(ApiScopes.Admin);
        return new Submitter(
            OwnerScope.For(user, null).Caller,
            admin || user.HasScope(ApiScopes.Chat),
            admin || user.HasScope(ApiScopes.TasksPriority));
    }

    public static ValueTask<Submitter?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<Submitter?>(From(context));

    /// <summary>Why this submitter may not run <paramref name="offer"/>, or null when it may.</summary>
    public string? Refuses(CapabilityCatalog.Entry offer) =>
        offer.UsesLlm && !MayUseLlm ? $"'{offer.Name}' calls the LLM, which needs the '{ApiScopes.Chat}' scope." : null;

    /// <summary>Why this submitter may not ask for <paramref name="priority"/>, or null when it may.</summary>
    public string? Refuses(int priority) =>
        priority > ApiScopes.MaxOrdinaryPriority && !MayRaisePriority
            ? $"A priority above {ApiScopes.MaxOrdinaryPriority} needs the '{ApiScopes.TasksPriority}' scope."
            : null;
}
