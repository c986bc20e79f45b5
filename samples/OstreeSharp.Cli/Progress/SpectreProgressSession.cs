using System.Globalization;
using Spectre.Console;

namespace OstreeSharp.Cli.Progress;

/// <summary>
/// Live Spectre.Console progress on stderr: description with file counts, bar, percentage, bytes, rate and ETA.
/// Snapshots are sampled every 100 ms from a background task; <see cref="Report"/> only stores the latest one.
/// </summary>
public sealed class SpectreProgressSession : IProgressSession
{
    private readonly string _description;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renderLoop;
    private OperationProgress _latest;
    private readonly Lock _gate = new();

    /// <summary>Starts drawing on <paramref name="terminal"/>.</summary>
    public SpectreProgressSession(TextWriter terminal, string description)
    {
        _description = description;
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(terminal),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        _renderLoop = console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(RenderAsync);
    }

    /// <inheritdoc/>
    public void Report(OperationProgress value)
    {
        lock (_gate)
        {
            _latest = value;
        }
    }

    private async Task RenderAsync(ProgressContext context)
    {
        ProgressTask task = context.AddTask(_description, autoStart: true);
        while (!_stop.IsCancellationRequested)
        {
            Apply(task);
            try
            {
                await Task.Delay(100, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Apply(task);
        task.StopTask();
    }

    private void Apply(ProgressTask task)
    {
        OperationProgress p;
        lock (_gate)
        {
            p = _latest;
        }
        string files = p.FilesTotal is long ft
            ? string.Create(CultureInfo.InvariantCulture, $"{p.FilesDone}/{ft} files")
            : string.Create(CultureInfo.InvariantCulture, $"{p.FilesDone} files");
        task.Description = $"{_description} {files}";
        if (p.BytesTotal is long bt && bt > 0)
        {
            task.IsIndeterminate = false;
            task.MaxValue = bt;
            task.Value = Math.Min(p.BytesDone, bt);
        }
        else if (p.FilesTotal is long ft2 && ft2 > 0)
        {
            task.IsIndeterminate = false;
            task.MaxValue = ft2;
            task.Value = Math.Min(p.FilesDone, ft2);
        }
        else
        {
            task.IsIndeterminate = true;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        try
        {
            _renderLoop.GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // another live display was active on this console: nothing was drawn
        }
        _stop.Dispose();
    }
}
