using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Regression;

/// <summary>
/// A malformed repository <c>config</c> used to escape <see cref="OstreeRepo.Open"/> as a raw
/// <see cref="KeyFileFormatException"/> (the handler caught <see cref="OstreeDataException"/>, which KeyFile never throws).
/// </summary>
public sealed class ConfigParseErrorTests
{
    [Theory]
    [InlineData("6e6f742061206b65792066696c650a")]       // "not a key file\n"
    [InlineData("6b65793d76616c75650a")]                 // "key=value\n" before any group
    [InlineData("5b636f72655d0a5b5d0a")]                 // "[core]\n[]\n"
    public void Malformed_config_is_an_invalid_repository(string configHex)
    {
        using var dir = new ScratchDir();
        Directory.CreateDirectory(dir.Combine("objects"));
        File.WriteAllBytes(dir.Combine("config"), Hex.Parse(configHex));

        var ex = Assert.Throws<InvalidRepositoryException>(() => OstreeRepo.Open(dir.Path));
        Assert.StartsWith("opening repo: Couldn't parse config file: ", ex.Message, StringComparison.Ordinal);
        Assert.IsType<KeyFileFormatException>(ex.InnerException);
    }
}
