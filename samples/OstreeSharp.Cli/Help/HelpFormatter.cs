using System.Text;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Parsing;

namespace OstreeSharp.Cli.Help;

/// <summary>
/// Renders help in GOption's layout (docs/cli-formats.md §3): <c>Usage:</c>, the summary, <c>Help Options:</c>
/// and <c>Application Options:</c>, descriptions aligned five columns after the longest label, and a trailing
/// empty line.
/// </summary>
public static class HelpFormatter
{
    private const string HelpDescription = "Show help options";
    private const string VersionDescription = "Print version information and exit";

    /// <summary>The top-level help (<c>ostree-sharp --help</c>).</summary>
    public static string FormatGlobal(IReadOnlyList<CliCommand> commands)
    {
        var sb = new StringBuilder();
        sb.Append("Usage:\n  ").Append(CliInfo.ProgramName).Append(" [OPTION\u2026] COMMAND\n\n");
        sb.Append("Builtin Commands:\n");
        foreach (CliCommand c in commands)
        {
            sb.Append("  ").Append(c.Name.PadRight(18)).Append(c.Summary).Append('\n');
        }
        sb.Append('\n');
        AppendOptionSections(sb, [("-v, --verbose", CliCommand.VerboseDescription)]);
        return sb.ToString();
    }

    /// <summary>The help of one command (<c>ostree-sharp COMMAND --help</c>).</summary>
    public static string FormatCommand(CliCommand command)
    {
        var sb = new StringBuilder();
        sb.Append("Usage:\n  ").Append(CliInfo.ProgramName).Append(' ').Append(command.UsageName).Append(" [OPTION\u2026]");
        if (command.ParameterSyntax.Length > 0)
        {
            sb.Append(' ').Append(command.ParameterSyntax);
        }
        sb.Append("\n\n").Append(command.Summary).Append("\n\n");
        var rows = new List<(string Label, string Description)>();
        foreach (CliOption o in command.Options)
        {
            rows.Add((o.HelpLabel, o.Description));
        }
        AppendOptionSections(sb, rows);
        return sb.ToString();
    }

    private static void AppendOptionSections(StringBuilder sb, List<(string Label, string Description)> appRows)
    {
        appRows.Add(("--version", VersionDescription));
        int width = "-h, --help".Length;
        foreach (var (label, _) in appRows)
        {
            width = Math.Max(width, label.Length);
        }
        width += 5;
        sb.Append("Help Options:\n");
        AppendRow(sb, "-h, --help", HelpDescription, width);
        sb.Append("\nApplication Options:\n");
        foreach (var (label, description) in appRows)
        {
            AppendRow(sb, label, description, width);
        }
        sb.Append('\n');
    }

    private static void AppendRow(StringBuilder sb, string label, string description, int width) =>
        sb.Append("  ").Append(label.PadRight(width)).Append(description).Append('\n');
}
