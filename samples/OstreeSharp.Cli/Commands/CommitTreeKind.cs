namespace OstreeSharp.Cli.Commands;

/// <summary>The source type of a <c>--tree=TYPE=VALUE</c> argument.</summary>
public enum CommitTreeKind
{
    /// <summary><c>dir=PATH</c>: a local directory.</summary>
    Directory,

    /// <summary><c>tar=TARFILE</c>: a tar archive.</summary>
    Tar,

    /// <summary><c>ref=COMMIT</c>: an existing commit.</summary>
    Ref,
}
