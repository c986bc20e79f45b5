namespace OstreeSharp.Cli.Progress;

/// <summary>
/// Forwards library progress (any thread) straight to a session, converting it; unlike
/// <see cref="Progress{T}"/> it posts nothing to the thread pool. Null when the session draws nothing.
/// </summary>
public sealed class ProgressAdapter<T> : IProgress<T>
{
    private readonly IProgressSession _session;
    private readonly Func<T, OperationProgress> _convert;

    private ProgressAdapter(IProgressSession session, Func<T, OperationProgress> convert)
    {
        _session = session;
        _convert = convert;
    }

    /// <summary>An adapter, or null when <paramref name="session"/> is the no-op session.</summary>
    public static IProgress<T>? For(IProgressSession session, Func<T, OperationProgress> convert) =>
        session is NullProgressSession ? null : new ProgressAdapter<T>(session, convert);

    /// <inheritdoc/>
    public void Report(T value) => _session.Report(_convert(value));
}
