using System.Text.Json;

namespace SutazAI.Cli.Settings;

/// <summary>
/// What <c>sutazai login</c> keeps between runs: the gateway's address, the user, and the current refresh token (it
/// changes on every refresh, so each run writes the new one back). The file is readable by its owner only.
/// </summary>
public sealed record StoredLogin(string Url, string UserName, string RefreshToken)
{
    private const string FileName = "login.json";

    /// <summary><c>SUTAZAI_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/sutazai</c>, else <c>~/.config/sutazai</c>.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable("SUTAZAI_CONFIG_DIR") is { Length: > 0 } folder ? folder
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } config ? config
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "sutazai");

    private static string FilePath => Path.Combine(Folder, FileName);

    public static StoredLogin? Load()
    {
        try
        {
            return File.Exists(FilePath) ? JsonSerializer.Deserialize<StoredLogin>(File.ReadAllText(FilePath), JsonSerializerOptions.Web) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save()
    {
        var folder = Directory.CreateDirectory(Folder);
        if (!OperatingSystem.IsWindows())
        {
            folder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        var temporary = FilePath + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, JsonSerializerOptions.Web);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    public static bool Forget()
    {
        if (!File.Exists(FilePath))
        {
            return false;
        }

        File.Delete(FilePath);
        return true;
    }
}
