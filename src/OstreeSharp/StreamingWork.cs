using System.Runtime.ExceptionServices;

namespace OstreeSharp;

/// <summary>
/// Work whose items are found by a serial pass (a directory scan, directory creation) and processed on all cores:
/// the workers start on the first items while the pass is still finding more, instead of waiting for it to finish
/// with the other cores idle. The first failure (of the pass or of any item) stops everything and is rethrown as
/// itself, after every worker has stopped.
/// </summary>
internal static class StreamingWork
{
    /// <summary>
    /// Runs <paramref name="produce"/> on the calling thread, which hands items to <paramref name="body"/> through the
    /// callback it receives; <c>ProcessorCount - 1</c> worker threads take them in the order given. When
    /// <paramref name="produce"/> returns, the items not taken yet are sorted by <paramref name="remainingOrder"/> (if
    /// any) and the calling thread works on them too. Returns when every item is done.
    /// </summary>
    public static void Run<T>(Action<Action<T>> produce, Comparison<T>? remainingOrder, Action<T> body, CancellationToken cancellationToken)
        where T : class
    {
        var feed = new Feed<T>();
        ExceptionDispatchInfo? failure = null;
        void Worker()
        {
            try
            {
                while (feed.TryTake(out var item))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    body(item);
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                feed.Stop();
            }
        }
        // Dedicated threads: the workers block on the feed while the pass runs, which the thread pool handles badly.
        var workers = new Thread[Math.Max(1, Environment.ProcessorCount) - 1];
        for (int t = 0; t < workers.Length; t++)
        {
            workers[t] = new Thread(Worker) { IsBackground = true, Name = "worker" };
            workers[t].Start();
        }
        try
        {
            produce(item =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (feed.Stopped)
                    throw new OperationCanceledException(); // a worker failed: its error is the one reported
                feed.Add(item);
            });
        }
        catch (Exception ex)
        {
            feed.Stop();
            foreach (var t in workers)
                t.Join();
            if (Volatile.Read(ref failure) is { } first && ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                first.Throw();
            throw;
        }
        feed.Complete(remainingOrder);
        Worker();
        foreach (var t in workers)
            t.Join();
        failure?.Throw();
    }

    private sealed class Feed<T>
        where T : class
    {
        private readonly object _lock = new(); // a Monitor: TryTake waits on it
        private readonly List<T> _items = [];
        private int _next;
        private bool _complete;
        private bool _stopped;

        public bool Stopped => Volatile.Read(ref _stopped);

        public void Add(T item)
        {
            lock (_lock)
            {
                _items.Add(item);
                Monitor.Pulse(_lock);
            }
        }

        public void Complete(Comparison<T>? remainingOrder)
        {
            lock (_lock)
            {
                if (remainingOrder is not null)
                    _items.Sort(_next, _items.Count - _next, Comparer<T>.Create(remainingOrder));
                _complete = true;
                Monitor.PulseAll(_lock);
            }
        }

        public void Stop()
        {
            lock (_lock)
            {
                Volatile.Write(ref _stopped, true);
                Monitor.PulseAll(_lock);
            }
        }

        public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? item)
        {
            lock (_lock)
            {
                while (_next == _items.Count && !_complete && !_stopped)
                    Monitor.Wait(_lock);
                if (_stopped || _next == _items.Count)
                {
                    item = null;
                    return false;
                }
                item = _items[_next++];
                return true;
            }
        }
    }
}
