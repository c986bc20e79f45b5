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

    /// <summary>The hash of <paramref name="data"/> with <paramref name="seed"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var h = new XxHash64(seed);
        h.Update(data);
        return h.Digest();
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

            Stripes(_buffer);
            _buffered = 0;
        }

        int whole = data.Length & ~31;
        if (whole > 0)
        {
            Stripes(data[..whole]);
            data = data[whole..];
        }

        data.CopyTo(_buffer);
        _buffered = data.Length;
    }

    public ulong Digest()
    {
        ulong h;
        if (_length >= 32)
        {
            h = BitOperations.RotateLeft(_v1, 1) + BitOperations.RotateLeft(_v2, 7) + BitOperations.RotateLeft(_v3, 12) + BitOperations.RotateLeft(_v4, 18);
            h = Merge(h, _v1);
            h = Merge(h, _v2);
            h = Merge(h, _v3);
            h = Merge(h, _v4);
        }
        else
        {
            h = unchecked(_seed + Prime5);
        }

        h += _length;
        ReadOnlySpan<byte> rest = _buffer.AsSpan(0, _buffered);
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

    private void Stripes(ReadOnlySpan<byte> data)
    {
        ulong v1 = _v1, v2 = _v2, v3 = _v3, v4 = _v4;
        for (int i = 0; i + 32 <= data.Length; i += 32)
        {
            v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
            v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 8)..]));
            v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 16)..]));
            v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 24)..]));
        }

        (_v1, _v2, _v3, _v4) = (v1, v2, v3, v4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong acc, ulong input) => BitOperations.RotateLeft(acc + (input * Prime2), 31) * Prime1;

    private static ulong Merge(ulong acc, ulong value) => ((acc ^ Round(0, value)) * Prime1) + Prime4;
}
