using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>config</c>: get, set or unset repository configuration keys.</summary>
public sealed class ConfigCommand : CliCommand
{
    private readonly Option<string?> _group;

    /// <summary>Declares the options of <c>ostree config</c>.</summary>
    public ConfigCommand() : base("config", "Change repo configuration settings", "(get KEY|set KEY VALUE|unset KEY)", usesRepository: true)
    {
        _group = AddString("group", null, null, "Group name");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        IReadOnlyList<string> args = invocation.Positionals;
        if (args.Count < 1)
        {
            throw new CliUsageException("OPERATION must be specified");
        }
        ConfigOperation op = args[0] switch
        {
            "get" => ConfigOperation.Get,
            "set" => ConfigOperation.Set,
            "unset" => ConfigOperation.Unset,
            _ => throw new CliException("Unknown operation " + args[0]),
        };
        if (op == ConfigOperation.Set)
        {
            if (args.Count < 3)
            {
                throw new CliException("KEY and VALUE must be specified");
            }
            if (args.Count > 3)
            {
                throw new CliUsageException("Too many arguments given");
            }
        }
        else if (args.Count < 2)
        {
            throw new CliException("KEY must be specified");
        }
        string? group = invocation.Get(_group);
        string section;
        string key;
        if (group is not null)
        {
            section = group;
            key = args[1];
        }
        else
        {
            int dot = args[1].LastIndexOf('.');
            if (dot < 0)
            {
                throw new CliException("Key must be of the form \"sectionname.keyname\"");
            }
            section = args[1][..dot];
            key = args[1][(dot + 1)..];
        }
        var options = new ConfigCommandOptions
        {
            Repository = repo,
            Operation = op,
            Section = section,
            Key = key,
            Value = op == ConfigOperation.Set ? args[2] : null,
        };
        return invocation.Handlers.Config.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
