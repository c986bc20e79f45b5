using System.Diagnostics;
using System.Globalization;

namespace OstreeSharp.Deltas;

/// <summary>
/// Optional timing of static-delta generation phases, written to standard error when the environment variable
/// <c>OSTREESHARP_DELTA_TRACE</c> is <c>1</c> (for profiling; off by default).
/// </summary>
internal static class DeltaTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("OSTREESHARP_DELTA_TRACE") == "1";

    /// <summary>A start timestamp (0 when tracing is off).</summary>
    public static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Reports the time since <paramref name="start"/> with <paramref name="what"/>.</summary>
    public static void Stop(long start, string what)
    {
        if (Enabled)
        {
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[delta] {what}: {ms:F0} ms (thread {Environment.CurrentManagedThreadId})"));
        }
    }
}
