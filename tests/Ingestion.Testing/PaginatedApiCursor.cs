using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ingestion.Testing;

/// <summary>
/// Opaque cursor tokens for <see cref="PaginatedApi"/>: base64url of a page number and a salt chosen per server, so a
/// client cannot treat them as page numbers and a token from another server is refused.
/// </summary>
internal sealed class PaginatedApiCursor
{
    private readonly string _salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public string Encode(int page) => Base64Url.EncodeToString(
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_salt}:{page}")));

    public bool TryDecode(string token, out int page)
    {
        page = 0;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(bytes);
        var prefix = _salt + ":";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out page)
            && page >= 1;
    }
}
