using System.Buffers.Binary;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Deltas;

/// <summary>
/// A zero-copy view of a decompressed delta part payload, <c>(a(uuu)aa(ayay)ayay)</c> (spec §8.3): the mode table,
/// the xattr-set table, the data blob and the operation bytecode.
/// </summary>
public readonly ref struct DeltaPartPayload
{
    /// <summary>The payload type.</summary>
    public static readonly GVariantType Type = GVariantType.Parse("(a(uuu)aa(ayay)ayay)");

    private const int ModeEntrySize = 12;

    private readonly GVariantReader _xattrs;

    private DeltaPartPayload(ReadOnlySpan<byte> modes, GVariantReader xattrs, ReadOnlySpan<byte> blob, ReadOnlySpan<byte> operations)
    {
        ModesData = modes;
        _xattrs = xattrs;
        Blob = blob;
        Operations = operations;
        XattrSetCount = xattrs.Count;
    }

    /// <summary>The raw <c>a(uuu)</c> table (12 bytes per entry, big-endian values).</summary>
    public ReadOnlySpan<byte> ModesData { get; }

    /// <summary>Entries in the mode table.</summary>
    public int ModeCount => ModesData.Length / ModeEntrySize;

    /// <summary>Entries in the xattr-set table.</summary>
    public int XattrSetCount { get; }

    /// <summary>The data blob operations read from.</summary>
    public ReadOnlySpan<byte> Blob { get; }

    /// <summary>The operation bytecode.</summary>
    public ReadOnlySpan<byte> Operations { get; }

    /// <summary>Parses (and validates the framing of) a payload.</summary>
    /// <exception cref="DeltaFormatException">The payload is malformed or exceeds <paramref name="limits"/>.</exception>
    public static DeltaPartPayload Parse(ReadOnlySpan<byte> payload, StaticDeltaLimits? limits = null)
    {
        limits ??= StaticDeltaLimits.Trusted;
        try
        {
            var r = new GVariantReader(payload, Type);
            r.ValidateNormalForm();
            var modes = r.GetChild(0).Data;
            var xattrs = r.GetChild(1);
            var result = new DeltaPartPayload(modes, xattrs, r.GetChild(2).GetBytes(), r.GetChild(3).GetBytes());
            if (result.ModeCount > limits.MaxTableEntries || result.XattrSetCount > limits.MaxTableEntries)
                throw new DeltaFormatException($"Delta part tables exceed the limit of {limits.MaxTableEntries} entries");
            return result;
        }
        catch (OstreeDataException ex) when (ex is not DeltaFormatException)
        {
            throw new DeltaFormatException("Invalid delta part payload: " + ex.Message, ex);
        }
    }

    /// <summary>Mode-table entry <paramref name="index"/>: (uid, gid, mode), converted from big-endian.</summary>
    /// <exception cref="DeltaFormatException">The index is out of range.</exception>
    public (uint Uid, uint Gid, uint Mode) GetMode(ulong index)
    {
        if (index >= (ulong)ModeCount)
            throw new DeltaFormatException($"Mode index {index} out of range (table has {ModeCount})");
        var e = ModesData.Slice((int)index * ModeEntrySize, ModeEntrySize);
        return (BinaryPrimitives.ReadUInt32BigEndian(e), BinaryPrimitives.ReadUInt32BigEndian(e[4..]), BinaryPrimitives.ReadUInt32BigEndian(e[8..]));
    }

    /// <summary>Xattr-set table entry <paramref name="index"/>.</summary>
    /// <exception cref="DeltaFormatException">The index is out of range or the set is malformed.</exception>
    public XattrSet GetXattrs(ulong index)
    {
        if (index >= (ulong)XattrSetCount)
            throw new DeltaFormatException($"Xattr index {index} out of range (table has {XattrSetCount})");
        try
        {
            return XattrSet.Read(_xattrs.GetChild((int)index));
        }
        catch (OstreeDataException ex) when (ex is not DeltaFormatException)
        {
            throw new DeltaFormatException($"Invalid xattr set {index}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Walks the bytecode and counts each operation (what <c>ostree static-delta show</c> prints), checking that it
    /// decodes completely for <paramref name="objects"/>.
    /// </summary>
    /// <exception cref="DeltaFormatException">Unknown opcode, truncated arguments, or object list mismatch.</exception>
    public DeltaOperationCounts CountOperations(IReadOnlyList<ObjectName> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var ops = Operations;
        int pos = 0, obj = 0;
        int s = 0, o = 0, w = 0, r = 0, ur = 0, c = 0, b = 0;
        while (pos < ops.Length)
        {
            var op = (DeltaOpcode)ops[pos++];
            int args;
            switch (op)
            {
                case DeltaOpcode.OpenSpliceAndClose:
                    if (obj >= objects.Count)
                        throw new DeltaFormatException("Delta part has more objects in its operations than in its header");
                    args = objects[obj++].Type.IsMetadata() ? 2 : 4;
                    s++;
                    break;
                case DeltaOpcode.Open:
                    if (obj >= objects.Count)
                        throw new DeltaFormatException("Delta part has more objects in its operations than in its header");
                    args = 3;
                    o++;
                    break;
                case DeltaOpcode.Write: args = 2; w++; break;
                case DeltaOpcode.SetReadSource: args = 1; r++; break;
                case DeltaOpcode.UnsetReadSource: args = 0; ur++; break;
                case DeltaOpcode.Close: args = 0; c++; obj++; break;
                case DeltaOpcode.Bspatch: args = 2; b++; break;
                default: throw new DeltaFormatException($"Unknown delta opcode 0x{(byte)op:x2} at offset {pos - 1}");
            }
            for (int i = 0; i < args; i++)
                pos += DeltaOperationReader.ReadVarint(ops[pos..], out _);
        }
        return new DeltaOperationCounts(s, o, w, r, ur, c, b);
    }
}
