using System.Security.Cryptography;
using System.Text;

namespace Conformance.Intake;

/// <summary>git's object id of a file's content: SHA-1 over "blob &lt;length&gt;\0" and the bytes.</summary>
public static class GitBlob
{
    public static string Id(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }
}
