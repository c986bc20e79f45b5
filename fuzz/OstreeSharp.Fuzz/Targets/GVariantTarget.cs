using System.Text;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// The GVariant reader with random or derived types. Input: <c>TYPESTRING NUL DATA</c> (when the prefix is not a
/// valid type, the first byte picks one of the dictionary types). Exercises IsNormalForm/ValidateNormalForm (which
/// must agree), a Count/GetChild walk with every scalar getter, GVariantValue.Read and Print; for normal-form data,
/// serialization must reproduce the bytes and the printed text must parse back to the same value.
/// </summary>
public sealed class GVariantTarget : FuzzTarget
{
    private const int VisitBudget = 100_000;

    public override string Name => "gvariant";

    public override string Description => "GVariantReader walk + normal form + GVariantValue Read/Print/Serialize round trips";

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        foreach (var (kind, type) in new[]
                 {
                     ("commit", OstreeTypes.Commit), ("dirtree", OstreeTypes.DirTree), ("dirmeta", OstreeTypes.DirMeta),
                     ("commitmeta", OstreeTypes.VarDict),
                 })
        {
            foreach (byte[] obj in material.Get(kind))
            {
                yield return Compose(type, obj);
            }
        }

        foreach (byte[] filez in material.Get("filez"))
        {
            int len = FileHeader.ReadPrefixLength(filez, int.MaxValue);
            yield return Compose(OstreeTypes.ArchiveHeader, filez.AsSpan(8, len).ToArray());
        }

        yield return Compose(GVariantType.Parse("v"), GVariantValue.FromVariant(GVariantValue.FromString("x")).Serialize());
        yield return Compose(GVariantType.Parse("(ymsmayv)"), GVariantValue.CreateTuple(
            GVariantValue.FromByte(1), GVariantValue.CreateJust(GVariantValue.FromString("m")),
            GVariantValue.CreateJust(GVariantValue.FromBytes([1, 2])), GVariantValue.FromVariant(GVariantValue.FromDouble(1.5))).Serialize());
    }

    public static byte[] Compose(GVariantType type, byte[] data) => [.. Encoding.ASCII.GetBytes(type.ToString()), 0, .. data];

    public override void Execute(byte[] input)
    {
        GVariantType type;
        ReadOnlySpan<byte> data;
        int nul = Array.IndexOf(input, (byte)0);
        if (nul > 0 && nul <= 256 && GVariantType.TryParse(Encoding.Latin1.GetString(input, 0, nul), out var parsed))
        {
            type = parsed;
            data = input.AsSpan(nul + 1);
        }
        else
        {
            type = GVariantType.Parse(Dictionaries.TypeStrings[input.Length == 0 ? 0 : input[0] % Dictionaries.TypeStrings.Length]);
            data = input.Length == 0 ? default : input.AsSpan(1);
        }

        var reader = new GVariantReader(data, type);
        bool normal = reader.IsNormalForm();
        try
        {
            reader.ValidateNormalForm();
            if (!normal)
            {
                throw new FuzzInvariantException("normal form disagreement: IsNormalForm false but ValidateNormalForm passed");
            }
        }
        catch (GVariantFormatException) when (normal)
        {
            throw new FuzzInvariantException("normal form disagreement: IsNormalForm true but ValidateNormalForm threw");
        }
        catch (GVariantFormatException)
        {
            // Expected for non-normal data; the lenient readers below must still behave.
        }

        int budget = VisitBudget;
        Walk(reader, ref budget);
        var value = GVariantValue.Read(reader);
        string annotated = value.Print(true);
        _ = value.Print(false);
        if (!normal)
        {
            return;
        }

        byte[] serialized = value.Serialize();
        if (!serialized.AsSpan().SequenceEqual(data))
        {
            // GLib accepts more than one normal form for containers whose members can all be empty (a 0-byte
            // "(ayay)" reads as two empty arrays); the canonical bytes must then hold the same value.
            var reread = GVariantValue.Read(serialized, type);
            if (!reread.Equals(value) || !new GVariantReader(serialized, type).IsNormalForm())
            {
                throw new FuzzInvariantException($"normal form round trip: {type} re-serialized as {Convert.ToHexStringLower(serialized)}");
            }
        }

        GVariantValue back;
        try
        {
            back = GVariantValue.ParseText(annotated, type);
        }
        catch (FormatException) when (ContainsLossyDouble(value))
        {
            // GLib prints subnormal doubles but its parser rejects them ("number too big for any type"); so does ours.
            return;
        }
        catch (FormatException ex)
        {
            throw new FuzzInvariantException($"print/parse round trip: printed text does not parse: {annotated}", ex);
        }

        // Text cannot carry NaN payloads ("nan"/"-nan"), so values holding NaNs compare by their text only.
        if (!back.Equals(value) && !(ContainsLossyDouble(value) && back.Print(true) == annotated))
        {
            throw new FuzzInvariantException($"print/parse round trip: {annotated} parsed as {back.Print(true)}");
        }
    }

    /// <summary>Subnormals (unparseable, as in GLib) and NaNs (payload lost) do not survive the text format.</summary>
    private static bool ContainsLossyDouble(GVariantValue v) => v.Kind switch
    {
        GVariantTypeKind.Double => double.IsSubnormal(v.GetDouble()) || double.IsNaN(v.GetDouble()),
        GVariantTypeKind.Variant => ContainsLossyDouble(v.GetVariant()),
        _ => v.Children.Any(ContainsLossyDouble),
    };

    private static void Walk(GVariantReader r, ref int budget)
    {
        if (--budget < 0)
        {
            return;
        }

        switch (r.Type.Kind)
        {
            case GVariantTypeKind.Boolean: _ = r.GetBoolean(); break;
            case GVariantTypeKind.Byte: _ = r.GetByte(); break;
            case GVariantTypeKind.Int16: _ = r.GetInt16(); break;
            case GVariantTypeKind.UInt16: _ = r.GetUInt16(); break;
            case GVariantTypeKind.Int32: _ = r.GetInt32(); break;
            case GVariantTypeKind.UInt32: _ = r.GetUInt32(); break;
            case GVariantTypeKind.Int64: _ = r.GetInt64(); break;
            case GVariantTypeKind.UInt64: _ = r.GetUInt64(); break;
            case GVariantTypeKind.Handle: _ = r.GetHandle(); break;
            case GVariantTypeKind.Double: _ = r.GetDouble(); break;
            case GVariantTypeKind.String:
            case GVariantTypeKind.ObjectPath:
            case GVariantTypeKind.Signature:
                _ = r.GetString();
                break;
            default:
                if (r.Type.Kind == GVariantTypeKind.Array && r.Type.Element!.IsFixedSize)
                {
                    _ = r.GetBytes();
                }

                int n = r.Count;
                for (int i = 0; i < n && budget > 0; i++)
                {
                    try
                    {
                        Walk(r.GetChild(i), ref budget);
                    }
                    catch (GVariantFormatException)
                    {
                        // Lenient reading: a bad child does not stop the walk over its siblings.
                    }
                }

                break;
        }
    }
}
