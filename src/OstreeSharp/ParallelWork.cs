using System.Runtime.ExceptionServices;

namespace OstreeSharp;

/// <summary>
/// <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, ParallelOptions, Action{TSource})"/> that rethrows the
/// first failure as itself (not wrapped in an <see cref="AggregateException"/>), so callers see typed errors.
/// </summary>
internal static class ParallelWork
{
    public static void ForEach<T>(IEnumerable<T> source, ParallelOptions options, Action<T> body)
    {
        try
        {
            Parallel.ForEach(source, options, body);
        }
        catch (AggregateException ex)
        {
            var first = ex.Flatten().InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? ex.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
    }
}
