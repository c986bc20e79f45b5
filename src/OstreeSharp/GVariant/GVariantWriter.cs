using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OstreeSharp.GVariant;

/// <summary>
/// A streaming, type-driven GVariant serializer producing normal-form bytes identical to GLib's (spec §1).
/// Every call is checked against the type given at construction; misuse throws
/// <see cref="InvalidOperationException"/>. The writer never seeks back: padding is computed from the
/// absolute output position and framing offsets are appended when a container ends.
/// </summary>
/// <example>
/// <code>
/// byte[] bytes = GVariantWriter.Serialize(GVariantType.Parse("(su)"), w =>
/// {
///     w.StartTuple(); w.WriteString("ab"); w.WriteUInt32(0x01020304); w.EndTuple();
/// });
/// </code>
/// </example>
public sealed class GVariantWriter
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IBufferWriter<byte> _output;
    private readonly GVariantType _rootType;
    private readonly List<long> _offsets = [];
    private Frame[] _frames = new Frame[8];
    private int _frameCount;
    private bool _rootDone;
    private long _position;

    /// <summary>Creates a writer that appends one serialized value of <paramref name="type"/> to <paramref name="output"/>.</summary>
    /// <remarks>Alignment is computed relative to the first byte this writer emits, which is treated as 8-aligned.</remarks>
    public GVariantWriter(IBufferWriter<byte> output, GVariantType type)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(type);
        _output = output;
        _rootType = type;
    }

    /// <summary>The type of the value being written.</summary>
    public GVariantType Type => _rootType;

    /// <summary>Number of bytes written so far.</summary>
    public long Position => _position;

    /// <summary>Whether the complete value has been written.</summary>
    public bool IsComplete => _rootDone;

    /// <summary>Serializes one value of <paramref name="type"/> produced by <paramref name="write"/>.</summary>
    public static byte[] Serialize(GVariantType type, Action<GVariantWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new GVariantWriter(buffer, type);
        write(writer);
        writer.Complete();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a <c>b</c>.</summary>
    public void WriteBoolean(bool v)
    {
        Begin(GVariantTypeKind.Boolean);
        Span<byte> s = _output.GetSpan(1);
        s[0] = v ? (byte)1 : (byte)0;
        Advance(1);
        Completed();
    }

    /// <summary>Writes a <c>y</c>.</summary>
    public void WriteByte(byte v)
    {
        Begin(GVariantTypeKind.Byte);
        _output.GetSpan(1)[0] = v;
        Advance(1);
        Completed();
    }

    /// <summary>Writes an <c>n</c>.</summary>
    public void WriteInt16(short v)
    {
        Begin(GVariantTypeKind.Int16);
        BinaryPrimitives.WriteInt16LittleEndian(_output.GetSpan(2), v);
        Advance(2);
        Completed();
    }

    /// <summary>Writes a <c>q</c>.</summary>
    public void WriteUInt16(ushort v)
    {
        Begin(GVariantTypeKind.UInt16);
        BinaryPrimitives.WriteUInt16LittleEndian(_output.GetSpan(2), v);
        Advance(2);
        Completed();
    }

    /// <summary>Writes an <c>i</c>.</summary>
    public void WriteInt32(int v)
    {
        Begin(GVariantTypeKind.Int32);
        BinaryPrimitives.WriteInt32LittleEndian(_output.GetSpan(4), v);
        Advance(4);
        Completed();
    }

    /// <summary>Writes a <c>u</c>.</summary>
    public void WriteUInt32(uint v)
    {
        Begin(GVariantTypeKind.UInt32);
        BinaryPrimitives.WriteUInt32LittleEndian(_output.GetSpan(4), v);
        Advance(4);
        Completed();
    }

    /// <summary>Writes an <c>x</c>.</summary>
    public void WriteInt64(long v)
    {
        Begin(GVariantTypeKind.Int64);
        BinaryPrimitives.WriteInt64LittleEndian(_output.GetSpan(8), v);
        Advance(8);
        Completed();
    }

    /// <summary>Writes a <c>t</c>.</summary>
    public void WriteUInt64(ulong v)
    {
        Begin(GVariantTypeKind.UInt64);
        BinaryPrimitives.WriteUInt64LittleEndian(_output.GetSpan(8), v);
        Advance(8);
        Completed();
    }

    /// <summary>Writes an <c>h</c>.</summary>
    public void WriteHandle(int v)
    {
        Begin(GVariantTypeKind.Handle);
        BinaryPrimitives.WriteInt32LittleEndian(_output.GetSpan(4), v);
        Advance(4);
        Completed();
    }

    /// <summary>Writes a <c>d</c>.</summary>
    public void WriteDouble(double v)
    {
        Begin(GVariantTypeKind.Double);
        BinaryPrimitives.WriteDoubleLittleEndian(_output.GetSpan(8), v);
        Advance(8);
        Completed();
    }

    /// <summary>Writes the string expected next: an <c>s</c>, or an <c>o</c>/<c>g</c> whose syntax is checked.</summary>
    /// <exception cref="ArgumentException">The string holds a NUL, a lone surrogate, or is not a valid object path/signature.</exception>
    public void WriteString(string v)
    {
        ArgumentNullException.ThrowIfNull(v);
        byte[] utf8;
        try
        {
            utf8 = s_strictUtf8.GetBytes(v);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The string is not valid UTF-16 (lone surrogate).", nameof(v), e);
        }

        WriteStringCore(utf8, kindRequired: null);
    }

    /// <summary>Writes the string expected next from its UTF-8 bytes (without NUL); see <see cref="WriteString(string)"/>.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8) => WriteStringCore(utf8, kindRequired: null);

    /// <summary>Writes an <c>o</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="v"/> is not a valid D-Bus object path.</exception>
    public void WriteObjectPath(string v)
    {
        ArgumentNullException.ThrowIfNull(v);
        WriteStringCore(Encoding.UTF8.GetBytes(v), GVariantTypeKind.ObjectPath);
    }

    /// <summary>Writes a <c>g</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="v"/> is not a valid signature.</exception>
    public void WriteSignature(string v)
    {
        ArgumentNullException.ThrowIfNull(v);
        WriteStringCore(Encoding.UTF8.GetBytes(v), GVariantTypeKind.Signature);
    }

    /// <summary>Writes a whole array of fixed-size elements (typically <c>ay</c>) from its raw bytes.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of the element size, or the elements are not in normal form.</exception>
    public void WriteBytes(ReadOnlySpan<byte> v)
    {
        GVariantType t = Expected();
        if (t.Kind != GVariantTypeKind.Array || t.Element!.FixedSize is not int size)
        {
            throw new InvalidOperationException($"WriteBytes needs an array of fixed-size elements, but '{t}' is expected.");
        }

        if (v.Length % size != 0)
        {
            throw new ArgumentException($"{v.Length} bytes is not a whole number of '{t.Element}' elements.", nameof(v));
        }

        if (t.Element.Kind != GVariantTypeKind.Byte)
        {
            var f = default(NormalForm.Failure);
            if (!NormalForm.Check(v, t, 0, Depth(), ref f))
            {
                throw new ArgumentException($"The elements are not in normal form: {f.Reason} (offset {f.Offset}).", nameof(v));
            }
        }

        Begin(GVariantTypeKind.Array);
        WriteRaw(v);
        Completed();
    }

    /// <summary>Writes a pre-serialized value of the type expected next. It must be in normal form.</summary>
    /// <exception cref="ArgumentException"><paramref name="normalForm"/> is not a normal-form value of the expected type.</exception>
    public void WriteSerialized(ReadOnlySpan<byte> normalForm)
    {
        GVariantType t = Expected();
        var f = default(NormalForm.Failure);
        if (!NormalForm.Check(normalForm, t, 0, Depth(), ref f))
        {
            throw new ArgumentException($"The bytes are not a normal-form '{t}' value: {f.Reason} (offset {f.Offset}).", nameof(normalForm));
        }

        Begin(t.Kind);
        WriteRaw(normalForm);
        Completed();
    }

    /// <summary>Starts an array; write its elements, then call <see cref="EndArray"/>.</summary>
    public void StartArray() => Push(Begin(GVariantTypeKind.Array), null);

    /// <summary>Ends the current array, appending its framing offsets.</summary>
    public void EndArray()
    {
        ref Frame f = ref Top(GVariantTypeKind.Array, nameof(EndArray));
        if (f.Type.Element!.FixedSize is null)
        {
            WriteOffsets(f, reverse: false);
        }

        Pop();
    }

    /// <summary>Starts a tuple; write each member, then call <see cref="EndTuple"/>.</summary>
    public void StartTuple() => Push(Begin(GVariantTypeKind.Tuple), null);

    /// <summary>Ends the current tuple.</summary>
    public void EndTuple() => EndTupleLike(GVariantTypeKind.Tuple, nameof(EndTuple));

    /// <summary>Starts a dictionary entry; write the key and the value, then call <see cref="EndDictEntry"/>.</summary>
    public void StartDictEntry() => Push(Begin(GVariantTypeKind.DictEntry), null);

    /// <summary>Ends the current dictionary entry.</summary>
    public void EndDictEntry() => EndTupleLike(GVariantTypeKind.DictEntry, nameof(EndDictEntry));

    /// <summary>Starts a variant holding a value of <paramref name="childType"/>; write it, then call <see cref="EndVariant"/>.</summary>
    public void StartVariant(GVariantType childType)
    {
        ArgumentNullException.ThrowIfNull(childType);
        GVariantType t = Begin(GVariantTypeKind.Variant);
        if (Depth() + 1 + childType.Depth >= GVariantType.MaxDepth)
        {
            throw new InvalidOperationException($"Nesting exceeds the maximum depth of {GVariantType.MaxDepth}.");
        }

        Push(t, childType);
    }

    /// <summary>Ends the current variant, appending its type string.</summary>
    public void EndVariant()
    {
        ref Frame f = ref Top(GVariantTypeKind.Variant, nameof(EndVariant));
        if (!f.HasChild)
        {
            throw new InvalidOperationException("A variant must hold exactly one value before EndVariant.");
        }

        string typeString = f.ChildType!.ToString();
        Span<byte> s = _output.GetSpan(typeString.Length + 1);
        s[0] = 0;
        for (int i = 0; i < typeString.Length; i++)
        {
            s[i + 1] = (byte)typeString[i];
        }

        Advance(typeString.Length + 1);
        Pop();
    }

    /// <summary>Starts a maybe; write its value (Just) or nothing (Nothing), then call <see cref="EndMaybe"/>.</summary>
    public void StartMaybe() => Push(Begin(GVariantTypeKind.Maybe), null);

    /// <summary>Ends the current maybe.</summary>
    public void EndMaybe()
    {
        ref Frame f = ref Top(GVariantTypeKind.Maybe, nameof(EndMaybe));
        if (f.HasChild && f.Type.Element!.FixedSize is null)
        {
            _output.GetSpan(1)[0] = 0;
            Advance(1);
        }

        Pop();
    }

    /// <summary>Writes a complete Nothing value of the maybe type expected next.</summary>
    public void WriteNothing()
    {
        Begin(GVariantTypeKind.Maybe);
        Completed();
    }

    /// <summary>Checks that exactly one complete value has been written.</summary>
    /// <exception cref="InvalidOperationException">A container is still open or no value was written.</exception>
    public void Complete()
    {
        if (_frameCount > 0)
        {
            throw new InvalidOperationException($"{_frameCount} container(s) are still open; innermost is '{_frames[_frameCount - 1].Type}'.");
        }

        if (!_rootDone)
        {
            throw new InvalidOperationException($"No '{_rootType}' value has been written.");
        }
    }

    private int Depth() => _frameCount;

    private GVariantType Expected()
    {
        if (_frameCount == 0)
        {
            if (_rootDone)
            {
                throw new InvalidOperationException($"The '{_rootType}' value is already complete.");
            }

            return _rootType;
        }

        ref Frame f = ref _frames[_frameCount - 1];
        switch (f.Type.Kind)
        {
            case GVariantTypeKind.Array:
                return f.Type.Element!;
            case GVariantTypeKind.Maybe:
                if (f.HasChild)
                {
                    throw new InvalidOperationException($"The maybe '{f.Type}' already holds a value.");
                }

                return f.Type.Element!;
            case GVariantTypeKind.Variant:
                if (f.HasChild)
                {
                    throw new InvalidOperationException("The variant already holds a value.");
                }

                return f.ChildType!;
            default:
                GVariantType[] members = f.Type.MemberArray;
                if (f.MemberIndex >= members.Length)
                {
                    throw new InvalidOperationException($"All {members.Length} members of '{f.Type}' have been written.");
                }

                return members[f.MemberIndex];
        }
    }

    private GVariantType Begin(GVariantTypeKind kind)
    {
        GVariantType t = Expected();
        if (t.Kind != kind)
        {
            throw new InvalidOperationException($"A value of type '{t}' is expected here, not a {kind}.");
        }

        Pad(t.Alignment);
        return t;
    }

    private void Pad(int alignment)
    {
        int pad = (int)(GVariantType.Align(_position, alignment) - _position);
        if (pad > 0)
        {
            _output.GetSpan(pad)[..pad].Clear();
            Advance(pad);
        }
    }

    private void Advance(int n)
    {
        _output.Advance(n);
        _position += n;
    }

    private void WriteRaw(ReadOnlySpan<byte> v)
    {
        while (!v.IsEmpty)
        {
            Span<byte> s = _output.GetSpan(Math.Min(v.Length, 1 << 20));
            int n = Math.Min(s.Length, v.Length);
            v[..n].CopyTo(s);
            Advance(n);
            v = v[n..];
        }
    }

    private void WriteStringCore(ReadOnlySpan<byte> utf8, GVariantTypeKind? kindRequired)
    {
        GVariantType t = Expected();
        GVariantTypeKind kind = t.Kind;
        if (kindRequired is GVariantTypeKind required ? kind != required
            : kind is not (GVariantTypeKind.String or GVariantTypeKind.ObjectPath or GVariantTypeKind.Signature))
        {
            throw new InvalidOperationException($"A value of type '{t}' is expected here, not a string.");
        }

        if (utf8.Contains((byte)0))
        {
            throw new ArgumentException("GVariant strings cannot contain NUL characters.", nameof(utf8));
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new ArgumentException("The string is not valid UTF-8.", nameof(utf8));
        }

        if (kind == GVariantTypeKind.ObjectPath && !NormalForm.IsObjectPath(utf8))
        {
            throw new ArgumentException($"'{Encoding.UTF8.GetString(utf8)}' is not a valid D-Bus object path.", nameof(utf8));
        }

        if (kind == GVariantTypeKind.Signature && !NormalForm.IsSignature(utf8))
        {
            throw new ArgumentException($"'{Encoding.UTF8.GetString(utf8)}' is not a valid GVariant signature.", nameof(utf8));
        }

        Begin(kind);
        WriteRaw(utf8);
        _output.GetSpan(1)[0] = 0;
        Advance(1);
        Completed();
    }

    private void Completed()
    {
        if (_frameCount == 0)
        {
            _rootDone = true;
            return;
        }

        ref Frame f = ref _frames[_frameCount - 1];
        switch (f.Type.Kind)
        {
            case GVariantTypeKind.Array:
                f.Count++;
                if (f.Type.Element!.FixedSize is null)
                {
                    _offsets.Add(_position - f.Start);
                }

                break;
            case GVariantTypeKind.Maybe:
            case GVariantTypeKind.Variant:
                f.HasChild = true;
                break;
            default:
                GVariantType[] members = f.Type.MemberArray;
                if (members[f.MemberIndex].FixedSize is null && f.MemberIndex < members.Length - 1)
                {
                    _offsets.Add(_position - f.Start);
                }

                f.MemberIndex++;
                break;
        }
    }

    private void Push(GVariantType type, GVariantType? childType)
    {
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_frameCount++] = new Frame
        {
            Type = type,
            ChildType = childType,
            Start = _position,
            OffsetsStart = _offsets.Count,
        };
    }

    private ref Frame Top(GVariantTypeKind kind, string method)
    {
        if (_frameCount == 0 || _frames[_frameCount - 1].Type.Kind != kind)
        {
            string open = _frameCount == 0 ? "no container is open" : $"the open container is '{_frames[_frameCount - 1].Type}'";
            throw new InvalidOperationException($"{method} called but {open}.");
        }

        return ref _frames[_frameCount - 1];
    }

    private void EndTupleLike(GVariantTypeKind kind, string method)
    {
        ref Frame f = ref Top(kind, method);
        GVariantType[] members = f.Type.MemberArray;
        if (f.MemberIndex != members.Length)
        {
            throw new InvalidOperationException($"'{f.Type}' has {members.Length} members but {f.MemberIndex} were written.");
        }

        if (members.Length == 0)
        {
            _output.GetSpan(1)[0] = 0;
            Advance(1);
        }
        else if (f.Type.FixedSize is not null)
        {
            Pad(f.Type.Alignment);
        }
        else
        {
            WriteOffsets(f, reverse: true);
        }

        Pop();
    }

    private void WriteOffsets(in Frame f, bool reverse)
    {
        int n = _offsets.Count - f.OffsetsStart;
        if (n == 0)
        {
            return;
        }

        long body = _position - f.Start;
        int width = NormalForm.MinimalOffsetWidth(body, n);
        Span<byte> s = _output.GetSpan(checked(n * width));
        for (int i = 0; i < n; i++)
        {
            ulong o = (ulong)_offsets[reverse ? _offsets.Count - 1 - i : f.OffsetsStart + i];
            Span<byte> dst = s.Slice(i * width, width);
            switch (width)
            {
                case 1: dst[0] = (byte)o; break;
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(dst, (ushort)o); break;
                case 4: BinaryPrimitives.WriteUInt32LittleEndian(dst, (uint)o); break;
                default: BinaryPrimitives.WriteUInt64LittleEndian(dst, o); break;
            }
        }

        Advance(n * width);
        _offsets.RemoveRange(f.OffsetsStart, n);
    }

    private void Pop()
    {
        _frameCount--;
        _frames[_frameCount] = default;
        Completed();
    }

    private struct Frame
    {
        public GVariantType Type;
        public GVariantType? ChildType;
        public long Start;
        public int OffsetsStart;
        public int MemberIndex;
        public int Count;
        public bool HasChild;
    }
}
