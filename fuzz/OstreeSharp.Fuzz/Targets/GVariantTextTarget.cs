using System.Text;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// GVariantValue.ParseText on arbitrary text (optionally <c>TYPE\n</c> first, as the expected type). Accepted
/// values must print and parse back to themselves, and serialize/read back to themselves.
/// </summary>
public sealed class GVariantTextTarget : FuzzTarget
{
    public override string Name => "gvariant-text";

    public override string Description => "GVariantValue.ParseText; print/parse and serialize/read round trips";

    public override bool IsText => true;

    public override int MaxInputLength => 8 * 1024;

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        var texts = new List<string>
        {
            "@a{sv} {}", "[1, 2, 3]", "('a', <uint64 5>, @ms nothing)", "just 3", "b'abc\\x01'", "{'a': <1>, 'b': <'x'>}",
            "a{sv}\n{'version': <'1.0'>}", "(uuua(ayay))\n(0, 0, 16877, [])", "[<true>, <@o '/a/b'>, <signature 'a{sv}'>]",
            "int16 -32768", "1.5e300", "'\\u00e9\\U0001F600\\t'", "@mmy just nothing", "{1: 'one'}", "[@(ii) (1, 2)]",
            "byte 0xff", "<<<<1>>>>", "@ay []", "[b'', b'x']", "\"dq\\\"uote\"", "handle 3", "-0.0",
        };
        foreach (var (kind, type) in new[] { ("commit", OstreeTypes.Commit), ("dirtree", OstreeTypes.DirTree), ("dirmeta", OstreeTypes.DirMeta) })
        {
            foreach (byte[] obj in material.Get(kind).Take(2))
            {
                texts.Add(GVariantValue.Read(obj, type).Print(true));
            }
        }

        return texts.Select(Encoding.UTF8.GetBytes);
    }

    public override void Execute(byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        GVariantType? expected = null;
        int nl = text.IndexOf('\n', StringComparison.Ordinal);
        if (nl > 0 && nl < 128 && GVariantType.TryParse(text.AsSpan(0, nl), out var t))
        {
            expected = t;
            text = text[(nl + 1)..];
        }

        var value = GVariantValue.ParseText(text, expected);
        if (expected is not null && !value.Type.Equals(expected))
        {
            throw new FuzzInvariantException($"expected type ignored: wanted {expected}, got {value.Type}");
        }

        string printed = value.Print(true);
        GVariantValue back;
        try
        {
            back = GVariantValue.ParseText(printed);
        }
        catch (FormatException ex)
        {
            throw new FuzzInvariantException($"print/parse round trip: printed text does not parse: {printed}", ex);
        }

        if (!back.Equals(value))
        {
            throw new FuzzInvariantException($"print/parse round trip: {printed} parsed as {back.Print(true)}");
        }

        byte[] bytes = value.Serialize();
        var read = GVariantValue.Read(bytes, value.Type);
        if (!read.Equals(value))
        {
            throw new FuzzInvariantException($"serialize/read round trip: {printed} read back as {read.Print(true)}");
        }

        if (!new GVariantReader(bytes, value.Type).IsNormalForm())
        {
            throw new FuzzInvariantException($"serialized value not normal: {printed}");
        }
    }
}
