using System.Text;
using System.Text.Json;

namespace SutazAI.Cli.Terminal;

/// <summary>A JSON argument: <c>@file.json</c>, <c>-</c> for standard input, or the JSON itself; at most 1 MiB, as the gateway accepts.</summary>
public static class JsonInput
{
    public const int MaxBytes = 1024 * 1024;

    public static JsonElement Read(string? argument, string name)
    {
        if (string.IsNullOrEmpty(argument))
        {
            return JsonSerializer.SerializeToElement(new { });
        }

        string text;
        try
        {
            text = argument == "-" ? ReadBounded(Console.OpenStandardInput(), "standard input")
                : argument.StartsWith('@') ? ReadBounded(File.OpenRead(argument[1..]), argument[1..])
                : argument;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Refused, $"{name}: cannot read {argument}: {ex.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Refused, $"{name} is not valid JSON: {ex.Message}");
        }
    }

    private static string ReadBounded(Stream source, string what)
    {
        using (source)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    throw new CliException(ExitCodes.Refused, $"{what} is larger than {MaxBytes / 1024 / 1024} MiB, the most the gateway accepts.");
                }
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }
}
