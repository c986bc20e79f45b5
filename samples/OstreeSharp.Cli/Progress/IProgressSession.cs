namespace OstreeSharp.Cli.Progress;

/// <summary>A progress display for one operation; disposing it removes the display.</summary>
public interface IProgressSession : IProgress<OperationProgress>, IDisposable
{
}
