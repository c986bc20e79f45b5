using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.GVariant;
using OstreeSharp.Tests.Support;
using Xunit.Abstractions;

namespace OstreeSharp.Tests.GVariant;

/// <summary>Property tests comparing our codec against GLib (python3-gi) as a black-box oracle.</summary>
public class GLibOraclePropertyTests(ITestOutputHelper output)
{
    private static Config Cfg(int n) => Config.QuickThrowOnFailure.WithMaxTest(n).WithQuietOnSuccess(true);

    private GLibOracle? Oracle()
    {
        GLibOracle? oracle = GLibOracle.TryGet(out string? problem);
        if (oracle is null)
        {
            output.WriteLine($"SKIPPED: GLib oracle unavailable ({problem}); install python3-gi.");
        }

        return oracle;
    }

    [Fact]
    public void SerializationMatchesGLib()
    {
        if (Oracle() is not GLibOracle glib)
        {
            return;
        }

        Check.One(Cfg(1500), Prop.ForAll(GVariantGen.ValueArb, v =>
        {
            string text = v.Print(true);
            (string? hex, _, string? error) = glib.Serialize(v.Type.ToString(), text);
            Assert.True(error is null, $"GLib rejected our text {text} as '{v.Type}': {error}");
            Assert.Equal(hex, Hex.Format(v.Serialize()));
        }));
    }

    [Fact]
    public void ByteswapMatchesGLib()
    {
        if (Oracle() is not GLibOracle glib)
        {
            return;
        }

        Check.One(Cfg(1000), Prop.ForAll(GVariantGen.ValueArb, v =>
        {
            byte[] bytes = v.Serialize();
            byte[] swapped = GVariantByteSwapper.Byteswap(bytes, v.Type);
            Assert.Equal(glib.Byteswap(v.Type.ToString(), bytes), Hex.Format(swapped));
            Assert.Equal(bytes, GVariantByteSwapper.Byteswap(swapped, v.Type));
        }));
    }

    [Theory]
    [InlineData("s", "61")]          // no terminating NUL
    [InlineData("o", "612f00")]      // not an object path
    [InlineData("g", "7a00")]        // not a signature
    [InlineData("(us)", "0100")]     // truncated
    public void Byteswap_of_data_not_in_normal_form_is_a_format_error(string type, string hex)
    {
        Assert.Throws<GVariantFormatException>(() => GVariantByteSwapper.Byteswap(Convert.FromHexString(hex), GVariantType.Parse(type)));
    }

    [Fact]
    public void PrintMatchesGLib()
    {
        if (Oracle() is not GLibOracle glib)
        {
            return;
        }

        Check.One(Cfg(1500), Prop.ForAll(GVariantGen.ValueArb, v =>
        {
            byte[] bytes = v.Serialize();
            Assert.Equal(glib.Print(v.Type.ToString(), bytes, true), v.Print(true));
            Assert.Equal(glib.Print(v.Type.ToString(), bytes, false), v.Print(false));
        }));
    }

    [Fact]
    public void ParseTextInfersTheSameTypeAsGLib()
    {
        if (Oracle() is not GLibOracle glib)
        {
            return;
        }

        Check.One(Cfg(1000), Prop.ForAll(GVariantGen.ValueArb, v =>
        {
            string text = v.Print(true);
            (string? hex, string? type, string? error) = glib.Serialize(null, text);
            if (error is not null)
            {
                Assert.Throws<GVariantTextFormatException>(() => GVariantValue.ParseText(text));
                return;
            }

            GVariantValue parsed = GVariantValue.ParseText(text);
            Assert.Equal(type, parsed.Type.ToString());
            Assert.Equal(hex, Hex.Format(parsed.Serialize()));
        }));
    }

    [Fact]
    public void NormalFormAgreesWithGLibOnMutatedData()
    {
        if (Oracle() is not GLibOracle glib)
        {
            return;
        }

        Gen<(GVariantType, byte[])> gen = GVariantGen.AnyValue.SelectMany(v => Mutations.Mutate(v.Serialize()).Select(b => (v.Type, b)));
        Check.One(Cfg(3000), Prop.ForAll(gen.ToArbitrary(), x =>
        {
            (GVariantType type, byte[] data) = x;
            bool ours = Mutations.CheckOnlyFormatExceptions(data, type);
            bool theirs = glib.IsNormalForm(type.ToString(), data);
            Assert.True(ours == theirs, $"IsNormalForm disagrees for '{type}' {Hex.Format(data)}: ours={ours} GLib={theirs}");
        }));
    }

    [Fact]
    public void NormalFormAgreesWithGLibOnRandomBytesUnderRandomTypes()
    {
        if (Oracle() is not GLibOracle glib)
        {
            return;
        }

        Gen<(GVariantType, byte[])> gen = GVariantGen.AnyType.SelectMany(t =>
            Gen.Choose(0, 24).SelectMany(n => Gen.ArrayOf(Gen.Frequency((3, Gen.Constant((byte)0)), (2, Gen.Choose(0, 255).Select(i => (byte)i))), n))
                .Select(b => (t, b)));
        Check.One(Cfg(2000), Prop.ForAll(gen.ToArbitrary(), x =>
        {
            (GVariantType type, byte[] data) = x;
            bool ours = Mutations.CheckOnlyFormatExceptions(data, type);
            bool theirs = glib.IsNormalForm(type.ToString(), data);
            Assert.True(ours == theirs, $"IsNormalForm disagrees for '{type}' {Hex.Format(data)}: ours={ours} GLib={theirs}");
        }));
    }
}
