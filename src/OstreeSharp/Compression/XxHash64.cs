using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OstreeSharp.Compression;

/// <summary>
/// XXH64 (the 64-bit xxHash), written from the xxHash specification: the content checksum of Zstandard frames.
/// Incremental: <see cref="Update"/> any number of times, then <see cref="Digest"/>.
/// </summary>
internal sealed class XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;

    private readonly byte[] _buffer = new byte[32];
    private ulong _seed;
    private ulong _v1, _v2, _v3, _v4;
    private ulong _length;
    private int _buffered;

    public XxHash64(ulong seed = 0) => Reset(seed);

    /// <summary>The hash of <paramref name="data"/> with <paramref name="seed"/>; allocates nothing (it runs once per
    /// sampled block when delta parts are coded).</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        int whole = data.Length & ~31;
        ulong h;
        if (whole > 0)
        {
            ulong v1 = unchecked(seed + Prime1 + Prime2), v2 = unchecked(seed + Prime2), v3 = seed, v4 = unchecked(seed - Prime1);
            Stripes(data[..whole], ref v1, ref v2, ref v3, ref v4);
            h = Converge(v1, v2, v3, v4);
        }
        else
        {
            h = unchecked(seed + Prime5);
        }

        return Finish(h + (ulong)data.Length, data[whole..]);
    }

    public void Reset(ulong seed = 0)
    {
        _seed = seed;
        _v1 = unchecked(seed + Prime1 + Prime2);
        _v2 = unchecked(seed + Prime2);
        _v3 = seed;
        _v4 = unchecked(seed - Prime1);
        _length = 0;
        _buffered = 0;
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        if (_buffered > 0)
        {
            int take = Math.Min(32 - _buffered, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered < 32)
            {
                return;
            }

            Stripes(_buffer, ref _v1, ref _v2, ref _v3, ref _v4);
            _buffered = 0;
        }

        int whole = data.Length & ~31;
        if (whole > 0)
        {
            Stripes(data[..whole], ref _v1, ref _v2, ref _v3, ref _v4);
            data = data[whole..];
        }

        data.CopyTo(_buffer);
        _buffered = data.Length;
    }

    public ulong Digest()
    {
        ulong h = _length >= 32 ? Converge(_v1, _v2, _v3, _v4) : unchecked(_seed + Prime5);
        return Finish(h + _length, _buffer.AsSpan(0, _buffered));
    }

    private static ulong Converge(ulong v1, ulong v2, ulong v3, ulong v4)
    {
        ulong h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
        h = Merge(h, v1);
        h = Merge(h, v2);
        h = Merge(h, v3);
        return Merge(h, v4);
    }

    /// <summary>Mixes in the last (under 32) bytes and avalanches.</summary>
    private static ulong Finish(ulong h, ReadOnlySpan<byte> rest)
    {
        while (rest.Length >= 8)
        {
            h ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(rest));
            h = (BitOperations.RotateLeft(h, 27) * Prime1) + Prime4;
            rest = rest[8..];
        }

        if (rest.Length >= 4)
        {
            h ^= BinaryPrimitives.ReadUInt32LittleEndian(rest) * Prime1;
            h = (BitOperations.RotateLeft(h, 23) * Prime2) + Prime3;
            rest = rest[4..];
        }

        foreach (byte b in rest)
        {
            h ^= b * Prime5;
            h = BitOperations.RotateLeft(h, 11) * Prime1;
        }

        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime3;
        h ^= h >> 32;
        return h;
    }

    private static void Stripes(ReadOnlySpan<byte> data, ref ulong acc1, ref ulong acc2, ref ulong acc3, ref ulong acc4)
    {
        ulong v1 = acc1, v2 = acc2, v3 = acc3, v4 = acc4;
        for (int i = 0; i + 32 <= data.Length; i += 32)
        {
            v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
            v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 8)..]));
            v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 16)..]));
            v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 24)..]));
        }

        (acc1, acc2, acc3, acc4) = (v1, v2, v3, v4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong acc, ulong input) => BitOperations.RotateLeft(acc + (input * Prime2), 31) * Prime1;

    private static ulong Merge(ulong acc, ulong value) => ((acc ^ Round(0, value)) * Prime1) + Prime4;
}
