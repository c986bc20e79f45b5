namespace OstreeSharp.Cli.Progress;

/// <summary>Discards progress: used whenever stderr is not a terminal, so output stays byte-identical to ostree.</summary>
public sealed class NullProgressSession : IProgressSession
{
    /// <summary>The shared instance.</summary>
    public static NullProgressSession Instance { get; } = new();

    private NullProgressSession() { }

    /// <inheritdoc/>
    public void Report(OperationProgress value) { }

    /// <inheritdoc/>
    public void Dispose() { }
}
