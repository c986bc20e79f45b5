namespace OstreeSharp.Cli.Commands;

/// <summary>The <c>config</c> operation.</summary>
public enum ConfigOperation
{
    /// <summary><c>get KEY</c>: print the value.</summary>
    Get,

    /// <summary><c>set KEY VALUE</c>.</summary>
    Set,

    /// <summary><c>unset KEY</c> (silent when absent).</summary>
    Unset,
}
