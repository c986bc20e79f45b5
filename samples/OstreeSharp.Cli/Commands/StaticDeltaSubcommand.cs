namespace OstreeSharp.Cli.Commands;

/// <summary>The subcommands of <c>static-delta</c>.</summary>
public enum StaticDeltaSubcommand
{
    /// <summary><c>list</c>.</summary>
    List,

    /// <summary><c>show</c>.</summary>
    Show,

    /// <summary><c>delete</c>.</summary>
    Delete,

    /// <summary><c>generate</c>.</summary>
    Generate,

    /// <summary><c>apply-offline</c>.</summary>
    ApplyOffline,

    /// <summary><c>verify</c>.</summary>
    Verify,

    /// <summary><c>indexes</c>.</summary>
    Indexes,

    /// <summary><c>reindex</c>.</summary>
    Reindex,
}
