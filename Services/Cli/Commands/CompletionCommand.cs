using System.CommandLine;

namespace SutazAI.Cli.Commands;

/// <summary>
/// <c>completion bash|zsh</c> prints a script that asks sutazai itself what may come next (its <c>[suggest]</c>
/// directive), so completion always matches the installed version: <c>source &lt;(sutazai completion bash)</c>.
/// </summary>
public static class CompletionCommand
{
    private const string Bash = """
        _sutazai_complete() {
          local IFS=$'\n'
          COMPREPLY=( $(sutazai "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _sutazai_complete sutazai
        """;

    private const string Zsh = """
        _sutazai_complete() {
          local -a candidates
          candidates=("${(@f)$(sutazai "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)}")
          compadd -a candidates
        }
        compdef _sutazai_complete sutazai
        """;

    public static Command Build()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print the shell completion script: source <(sutazai completion bash)") { shell };
        command.SetAction(parsed => Console.Out.WriteLine(parsed.GetRequiredValue(shell) == "bash" ? Bash : Zsh));
        return command;
    }
}
