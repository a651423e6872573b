namespace SutazAI.Cli;

/// <summary>What a script may rely on: how a command ended.</summary>
public static class ExitCodes
{
    /// <summary>Done: the request was served and any task it waited for completed.</summary>
    public const int Done = 0;

    /// <summary>The task (or workflow) ran and failed or was cancelled.</summary>
    public const int TaskFailed = 1;

    /// <summary>The request was refused as invalid: bad arguments, a schema violation, an unknown id.</summary>
    public const int Refused = 2;

    /// <summary>No valid credential, or one without the scope the request needs.</summary>
    public const int Authentication = 3;

    /// <summary>The platform could not be reached or could not serve the request (5xx).</summary>
    public const int Unavailable = 4;
}
