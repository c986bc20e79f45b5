using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace OstreeSharp.Deltas;

/// <summary>
/// Optional timing of static-delta generation and apply phases, written to standard error when the environment variable
/// <c>OSTREESHARP_DELTA_TRACE</c> is <c>1</c> (for profiling; off by default). Each line gives the wall time and, on
/// Linux, the CPU time of the calling thread (which, unlike wall time, means something on a loaded machine), then the
/// process's resident memory and the garbage collector's heap size (after the last collection), committed memory, the bytes allocated so far and the
/// number of gen0 collections.
/// </summary>
internal static partial class DeltaTrace
{
    private const int ClockThreadCpuTime = 3;

    private static readonly bool Enabled = Environment.GetEnvironmentVariable("OSTREESHARP_DELTA_TRACE") == "1";

    /// <summary>A start mark (zero when tracing is off).</summary>
    public static Mark Start() => Enabled ? new Mark(Stopwatch.GetTimestamp(), ThreadCpuNanoseconds()) : default;

    /// <summary>Reports the time since <paramref name="start"/> with <paramref name="what"/>.</summary>
    public static void Stop(Mark start, string what)
    {
        if (Enabled)
        {
            double ms = Stopwatch.GetElapsedTime(start.Wall).TotalMilliseconds;
            double cpu = (ThreadCpuNanoseconds() - start.Cpu) / 1e6;
            GCMemoryInfo gc = GC.GetGCMemoryInfo();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[delta] {what}: {ms:F0} ms, thread CPU {cpu:F0} ms (thread {Environment.CurrentManagedThreadId}); RSS {Environment.WorkingSet >> 20} MiB, GC heap {gc.HeapSizeBytes >> 20} MiB, committed {gc.TotalCommittedBytes >> 20} MiB, allocated {GC.GetTotalAllocatedBytes() >> 10} KiB, gen0 collections {GC.CollectionCount(0)}"));
        }
    }

    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        Span<long> ts = stackalloc long[2];
        return clock_gettime(ClockThreadCpuTime, ref MemoryMarshal.GetReference(ts)) == 0 ? (ts[0] * 1_000_000_000L) + ts[1] : 0;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, ref long timespec);

    /// <summary>A wall-clock timestamp and the thread's CPU time in nanoseconds.</summary>
    public readonly record struct Mark(long Wall, long Cpu);
}
