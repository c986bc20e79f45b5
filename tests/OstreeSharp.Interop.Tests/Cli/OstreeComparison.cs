using OstreeSharp.Cli;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Interop.Tests.Infrastructure;

namespace OstreeSharp.Interop.Tests.Cli;

/// <summary>Normalises real ostree output so it can be compared with ostree-sharp's.</summary>
internal static class OstreeComparison
{
    private static readonly HashSet<string> OurCommands = CliApplication.CreateCommands().Select(c => c.Name).ToHashSet();

    /// <summary>
    /// Renames the program in usage lines and drops the global-help lines of ostree commands we do not implement.
    /// </summary>
    public static string Normalize(string ostreeText)
    {
        var lines = ostreeText.Split('\n').ToList();
        bool inCommands = false;
        var kept = new List<string>();
        foreach (string line in lines)
        {
            if (line == "Builtin Commands:")
            {
                inCommands = true;
            }
            else if (line.Length == 0)
            {
                inCommands = false;
            }
            else if (inCommands)
            {
                string name = line.Trim().Split(' ')[0];
                if (!OurCommands.Contains(name))
                {
                    continue;
                }
            }
            // GLib prints argv[0]; it is the full path when started through ProcessStartInfo.
            string renamed = line;
            foreach (string argv0 in new[] { "  " + RealOstree.BinaryPath + " ", "  ostree " })
            {
                if (line.StartsWith(argv0, StringComparison.Ordinal))
                {
                    renamed = "  " + CliInfo.ProgramName + " " + line[argv0.Length..];
                    break;
                }
            }
            kept.Add(renamed);
        }
        return string.Join('\n', kept);
    }

    public static void AssertSameBehaviour(ProcessResult expected, ProcessResult actual, string because)
    {
        Assert.True(expected.ExitCode == actual.ExitCode, $"exit code differs for {because}: ostree {expected.ExitCode}, ostree-sharp {actual.ExitCode}\n{actual}");
        Assert.Equal(Normalize(expected.Stderr), actual.Stderr);
        Assert.Equal(Normalize(expected.Stdout), actual.Stdout);
    }

    public static IEnumerable<string> CommandNames => OurCommands.Order(StringComparer.Ordinal);

    public static CliCommand Find(string name) => CliApplication.CreateCommands().Single(c => c.Name == name);
}
