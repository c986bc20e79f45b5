using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OstreeSharp.Compression;

/// <summary>
/// Allocates the match finder's big arrays (window, tree, hash heads: up to hundreds of megabytes, read at random) so
/// that Linux may back them with 2 MiB pages: with 4 KiB pages nearly every tree step also misses the TLB. The arrays
/// are pinned (so the advice stays with their addresses) and the kernel is asked with <c>madvise(MADV_HUGEPAGE)</c>,
/// which takes effect where transparent huge pages are set to <c>madvise</c> or <c>always</c>; elsewhere, or if the
/// call fails, nothing changes but speed.
/// </summary>
internal static class LzmaLargeArrays
{
    private const int HugePage = 2 << 20;

    /// <summary>Below this many bytes an array is allocated normally.</summary>
    private const long MinBytes = 4 * HugePage;

    /// <summary>An array of <paramref name="length"/> elements; zeroed only if <paramref name="zeroed"/>.</summary>
    public static T[] Allocate<T>(int length, bool zeroed)
        where T : unmanaged
    {
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (bytes < MinBytes || !OperatingSystem.IsLinux())
        {
            return zeroed ? new T[length] : GC.AllocateUninitializedArray<T>(length);
        }

        T[] array = zeroed ? GC.AllocateArray<T>(length, pinned: true) : GC.AllocateUninitializedArray<T>(length, pinned: true);
        Advise(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(array)), bytes);
        return array;
    }

    /// <summary>
    /// Gives the memory behind the first <paramref name="bytes"/> bytes of <paramref name="array"/> back to the system
    /// (whole pages only; they read as zeros afterwards), for an array from <see cref="Allocate"/> whose contents are no
    /// longer needed but which is kept for reuse. Arrays below the size <see cref="Allocate"/> pins are left alone.
    /// </summary>
    public static unsafe void Release(byte[] array, long bytes)
    {
        ArgumentNullException.ThrowIfNull(array);
        bytes = Math.Min(bytes, array.LongLength);
        if (array.LongLength < MinBytes || !OperatingSystem.IsLinux() || bytes <= 0)
        {
            return;
        }

        Advise(ref MemoryMarshal.GetArrayDataReference(array), bytes, 4096, Native.LibC.MADV_DONTNEED);
    }

    private static void Advise(ref byte start, long bytes) => Advise(ref start, bytes, HugePage, Native.LibC.MADV_HUGEPAGE);

    private static unsafe void Advise(ref byte start, long bytes, int unit, int advice)
    {
        // Whole units (pages) inside the array only: the advice must not reach memory the array does not own.
        nuint first = ((nuint)Unsafe.AsPointer(ref start) + (nuint)unit - 1) & ~(nuint)(unit - 1);
        nuint end = ((nuint)Unsafe.AsPointer(ref start) + (nuint)bytes) & ~(nuint)(unit - 1);
        if (end > first)
        {
            _ = Native.LibC.madvise((void*)first, end - first, advice);
        }
    }
}
