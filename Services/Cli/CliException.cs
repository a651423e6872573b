namespace SutazAI.Cli;

/// <summary>A command ended with a message for the user and the exit code that says why.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
