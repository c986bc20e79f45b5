using System.Buffers;
using System.Runtime.InteropServices;

namespace OstreeSharp.Compression;

/// <summary>
/// Compresses an input held in memory into a single-block .xz stream whose LZMA2 data is coded in segments on
/// several threads, without giving up matches across segment boundaries: each later segment's encoder first loads the
/// preceding data (up to the dictionary size) into its match finder without coding it, and starts with an LZMA2 chunk
/// that resets the coder state and repeats the properties (the segments before may all be stored chunks, which carry
/// none), not the dictionary. The decoder, which has all preceding data in its
/// dictionary, sees one ordinary LZMA2 stream; matches may reach back across segments as in a one-thread encode.
/// </summary>
/// <remarks>
/// <para>Unlike independent .xz blocks (which cost this project's delta parts about 2 % in size at 16 MiB blocks,
/// because e.g. <c>.deb</c> files carry verbatim copies of <c>.gz</c> files stored tens of megabytes earlier), the
/// only loss is the coder-state reset at each boundary (a few hundred bytes). The price is the time to insert the
/// history into the later segments' match finders (cheap: see <see cref="FirstSegmentShare"/>).</para>
/// <para>With far matches (inputs coded in memory, <see cref="XzEncoderOptions.FarMatches"/>) blocks that look
/// already compressed are coded without match search (<see cref="LzmaRawBlocks"/>): on a Debian minbase v1 -> v2 delta
/// part (38 % such blocks) 12.8 -> 9.1 s of thread CPU time for 0.04 % more size. The split then balances the estimated coding time
/// (<see cref="SearchedBlockWeight"/>) instead of the bytes.</para>
/// <para>The segment plan depends only on the input (its length, and its raw blocks), so the output is identical for
/// every degree of parallelism. Memory: each segment's encoder holds a window and a binary tree of about 9 bytes per byte of
/// (history + segment), plus hash tables; at most <c>maxParallel</c> encoders exist at once.</para>
/// </remarks>
internal static class XzSegmentedEncoder
{
    /// <summary>Inputs shorter than this are coded as one segment.</summary>
    internal const int MinSplitLength = 4 << 20;

    /// <summary>
    /// Share of the input coded by the first segment (which needs no history) when there are two. Loading the history
    /// into the second segment's match finder is cheap (only the last MiB densely, older bytes at every fourth
    /// position): measured by thread CPU time on a 30.6 MB delta part, a 55 % first segment took 54 % of the CPU time,
    /// 52 % took 52 % and 50 % took 51 %, so the halves are nearly even.
    /// </summary>
    internal const double FirstSegmentShare = 0.50;

    /// <summary>
    /// How much more a block the match finder searches costs to code than a raw one (<see cref="LzmaRawBlocks"/>, only
    /// literals and far matches), for balancing segments. On a 30.6 MB delta part with 38 % raw blocks coding took 8.7 s
    /// of thread CPU time in all against 12.5 s with every block searched, which puts a raw block at about a fifth of a
    /// searched one. The weight is not sharply determined: on a from-scratch Debian minbase delta (six parts) the time
    /// one core waited for the other, summed over the parts, was 4.2, 3.1, 4.7 and 4.7 s at weights 3, 4, 5 and 7, within
    /// run-to-run noise; one part stays 1.4-1.9 s off at any weight (its halves differ in cost for other reasons).
    /// </summary>
    internal const int SearchedBlockWeight = 7;

    /// <summary>The segment boundaries (start offsets, then the length) for an input of <paramref name="length"/> bytes.</summary>
    internal static int[] Plan(int length, int segments) => Plan(length, segments, null);

    /// <summary>
    /// The segment boundaries for an input of <paramref name="length"/> bytes whose raw blocks are
    /// <paramref name="raw"/> (null: none known): the split balances the estimated coding time, at a block boundary.
    /// </summary>
    internal static int[] Plan(int length, int segments, byte[]? raw)
    {
        if (segments <= 1 || length < MinSplitLength)
        {
            return [0, length];
        }

        // Two segments (see FirstSegmentShare). More than two is not planned: the history each later segment must load
        // grows with its offset and would eat the gain.
        if (raw is null || raw.Length == 0)
        {
            return [0, (int)(length * FirstSegmentShare), length];
        }

        // The final partial block (it has no flag) is left out of the balance.
        long total = 0;
        foreach (byte flag in raw)
        {
            total += flag != 0 ? 1 : SearchedBlockWeight;
        }

        int blocks = raw.Length;
        long half = total / 2, sum = 0;
        int split = 0;
        while (split < blocks && sum < half)
        {
            sum += raw[split++] != 0 ? 1 : SearchedBlockWeight;
        }

        // Each segment gets at least 1 / (SearchedBlockWeight + 1) of the blocks (all searched ones first is the extreme).
        return [0, split << LzmaRawBlocks.BlockShift, length];
    }

    /// <summary>Compresses <paramref name="data"/> into a complete .xz stream written to <paramref name="output"/>.</summary>
    /// <param name="data">The whole input.</param>
    /// <param name="output">Receives the .xz stream.</param>
    /// <param name="options">Preset, dictionary and check (block size and parallelism are ignored).</param>
    /// <param name="segments">How many segments to plan (1 or 2; see <see cref="Plan(int, int, byte[])"/>); fixes the output.</param>
    /// <param name="maxParallel">1 codes the segments one after the other on the caller's thread.</param>
    /// <param name="gate">
    /// Limits concurrent encoders: every segment (the first on the caller's thread, which must not hold a slot, the
    /// others on threads of their own) waits for a slot and frees it when coded, so the segments of several inputs
    /// compressed at once share the slots. Null runs the segments without a limit.
    /// </param>
    /// <param name="cancellationToken">Cancels waiting for slots.</param>
    /// <param name="pool">Match finder arrays to reuse (and to give back); null allocates new ones.</param>
    public static void Compress(ReadOnlyMemory<byte> data, Stream output, XzEncoderOptions options, int segments, int maxParallel, SemaphoreSlim? gate, CancellationToken cancellationToken = default, LzmaMatchFinderPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        LzmaEncoderSettings settings = options.Resolve(data.Length, inMemory: true);
        byte dictProperty = Lzma2Encoder.DictionaryProperty(settings.DictionarySize);
        // Raw blocks (coded without match search) go with far matches, to inputs coded in memory.
        byte[]? raw = settings.FarMatches ? LzmaRawBlocks.Find(data.Span) : null;
        int[] plan = Plan(data.Length, segments, raw);
        int count = plan.Length - 1;
        var results = new PooledBufferWriter?[count];
        try
        {
            var tasks = new List<Task>();
            try
            {
                for (int i = 1; i < count && maxParallel > 1; i++)
                {
                    int index = i;
                    // A thread of its own (as the part encoders have): a long CPU-bound job, and one that may wait for a slot,
                    // must not hold a thread-pool thread that short work items queue behind.
                    tasks.Add(Task.Factory.StartNew(
                        () =>
                        {
                            gate?.Wait(cancellationToken);
                            try
                            {
                                results[index] = EncodeSegment(data, plan[index], plan[index + 1], settings, last: index == count - 1, pool, raw);
                            }
                            finally
                            {
                                gate?.Release();
                            }
                        },
                        cancellationToken,
                        TaskCreationOptions.LongRunning,
                        TaskScheduler.Default));
                }

                gate?.Wait(cancellationToken);
                try
                {
                    results[0] = EncodeSegment(data, 0, plan[1], settings, last: count == 1, pool, raw);
                    for (int i = 1; i < count && maxParallel <= 1; i++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        results[i] = EncodeSegment(data, plan[i], plan[i + 1], settings, last: i == count - 1, pool, raw);
                    }
                }
                finally
                {
                    gate?.Release();
                }
            }
            finally
            {
                // Never leave a worker writing into buffers after an exception unwinds.
                try
                {
                    Task.WaitAll(tasks.ToArray(), CancellationToken.None);
                }
                catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
                }
            }

            long compressed = 0;
            foreach (var r in results)
            {
                compressed += r!.WrittenCount;
            }

            var head = new ArrayBufferWriter<byte>(64);
            XzContainer.WriteStreamHeader(head, options.Check);
            int headerSize = XzContainer.WriteBlockHeader(head, dictProperty, compressed, data.Length);
            output.Write(head.WrittenSpan);
            foreach (var r in results)
            {
                output.Write(r!.WrittenSpan);
            }

            var tail = new ArrayBufferWriter<byte>(128);
            using (var check = new XzCheckState(options.Check))
            {
                check.Append(data.Span);
                XzContainer.WriteBlockTail(tail, compressed, check);
                XzContainer.WriteIndexAndFooter(tail, [(headerSize + compressed + check.Size, (long)data.Length)], options.Check);
            }

            output.Write(tail.WrittenSpan);
        }
        finally
        {
            // The coded segments are in pooled arrays: give them back.
            foreach (var r in results)
            {
                r?.Dispose();
            }
        }
    }

    private static PooledBufferWriter EncodeSegment(ReadOnlyMemory<byte> data, int start, int end, LzmaEncoderSettings blockSettings, bool last, LzmaMatchFinderPool? pool, byte[]? raw)
    {
        // Window plus two tree links per position the tree reaches (binary tree), for the history and the segment's own bytes.
        long positions = Math.Min(Math.Min(start, blockSettings.DictionarySize) + (long)(end - start), blockSettings.DictionarySize + 1L);
        long wanted = positions + (8L * Math.Min(positions, blockSettings.TreeReach + 1L));
        LzmaMatchFinderStorage storage = pool?.Rent(wanted) ?? new LzmaMatchFinderStorage();

        // The output lives in the storage, which goes back to the pool when the output is disposed (after it is written).
        // Room for the worst case (stored chunks add 3 bytes per 64 KiB) of the whole input, not just this segment: the
        // split follows the estimated coding time, so segment lengths vary from part to part, and an array sized for one
        // segment would be replaced for a longer one later, leaving the old one to the garbage collector (measured on a
        // from-scratch Debian minbase delta: 9 MB more peak memory). The pages beyond what is written are never touched.
        int total = data.Length;
        var output = new PooledBufferWriter(storage, pool, total + (total >> 10) + 1024);
        var timer = Deltas.DeltaTrace.Start();
        try
        {
            EncodeSegment(data, start, end, blockSettings, last, storage, output, raw);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
        finally
        {
            Deltas.DeltaTrace.Stop(timer, $"xz segment {start}..{end}");
        }
    }

    private static void EncodeSegment(ReadOnlyMemory<byte> data, int start, int end, LzmaEncoderSettings blockSettings, bool last, LzmaMatchFinderStorage storage, PooledBufferWriter output, byte[]? raw)
    {
        int history = Math.Min(start, blockSettings.DictionarySize);

        // The first segment only looks at its own bytes: size its dictionary (and memory) to them. The header's
        // dictionary (the whole input's) still covers every distance it uses.
        LzmaEncoderSettings settings = start == 0
            ? blockSettings with { DictionarySize = Math.Min(blockSettings.DictionarySize, Math.Max(XzEncoderOptions.MinDictionarySize, end)) }
            : blockSettings;
        var encoder = new Lzma2Encoder(settings, storage);

        // The input is in memory already: code from it rather than from a copy (when it is an array).
        if (MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment))
        {
            encoder.UseWindow(segment.Array!, segment.Offset + start - history, history + end - start);
        }

        encoder.Reserve(history + (long)(end - start));
        ReadOnlySpan<byte> span = data.Span;
        if (start > 0)
        {
            encoder.ContinueAfter(span[(start - history)..start], start);
        }

        if (raw is not null)
        {
            // The segment's stream starts at a block boundary (the split is one, and the history a whole dictionary), so
            // its flags are a slice of the input's.
            var timer = Deltas.DeltaTrace.Start();
            System.Diagnostics.Debug.Assert(((start - history) & ((1 << LzmaRawBlocks.BlockShift) - 1)) == 0, "segment stream not block aligned");
            byte[] flags = raw[((start - history) >> LzmaRawBlocks.BlockShift)..(end >> LzmaRawBlocks.BlockShift)];
            encoder.SetRawBlocks(flags);
            encoder.SetFarMatches(LzmaFarMatches.Find(span[(start - history)..end], history, settings.TreeReach, settings.DictionarySize, storage, flags));
            Deltas.DeltaTrace.Stop(timer, $"far matches {start}..{end}");
        }

        encoder.Write(span[start..end], output);
        if (last)
        {
            encoder.Finish(output);
        }
        else
        {
            encoder.Flush(output);
        }
    }
}
