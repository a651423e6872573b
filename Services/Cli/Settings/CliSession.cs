using Spectre.Console;
using SutazAI.Client;

namespace SutazAI.Cli.Settings;

/// <summary>
/// One run of a command: where the gateway is (<c>--url</c>, <c>SUTAZAI_URL</c>, the stored login), the credential
/// (<c>SUTAZAI_API_KEY</c>, else the stored login), whether output is for people or for scripts, and the terminal.
/// </summary>
public sealed class CliSession(Uri? url, bool json, IAnsiConsole console, IAnsiConsole errors)
{
    public const string UrlVariable = "SUTAZAI_URL";
    public const string ApiKeyVariable = "SUTAZAI_API_KEY";

    public bool Json { get; } = json;

    public IAnsiConsole Console { get; } = console;

    /// <summary>Standard error: refusals and failures, so that standard output holds only the answer.</summary>
    public IAnsiConsole Errors { get; } = errors;

    /// <summary>A client with the credential found, or a <see cref="CliException"/> (exit 3) when there is none.</summary>
    public SutazAIClient Connect()
    {
        var login = StoredLogin.Load();
        var address = Address(login);
        if (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key)
        {
            return SutazAIClient.Create(new SutazAIClientOptions { BaseAddress = address, ApiKey = key });
        }

        if (login is null || !SameGateway(login, address))
        {
            throw new CliException(ExitCodes.Authentication, $"Not signed in to {address}: run 'sutazai login' or set {ApiKeyVariable}.");
        }

        return SutazAIClient.Create(new SutazAIClientOptions
        {
            BaseAddress = address,
            RefreshToken = login.RefreshToken,
            TokensIssued = tokens => (login with { RefreshToken = tokens.RefreshToken }).Save(),
        });
    }

    public Uri Address(StoredLogin? login) =>
        url ?? (Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } fromEnvironment ? Parse(fromEnvironment, UrlVariable) : null)
        ?? (login is not null ? new Uri(login.Url) : null)
        ?? throw new CliException(ExitCodes.Refused, $"No gateway address: pass --url or set {UrlVariable}.");

    private static bool SameGateway(StoredLogin login, Uri address) => new Uri(login.Url) == address;

    public static Uri Parse(string text, string source) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : throw new CliException(ExitCodes.Refused, $"{source} is not an http(s) address: '{text}'.");
}
