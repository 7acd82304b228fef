using System.Text;
using Conformance.Observation;

namespace Conformance.Tests.Observation;

/// <summary>Names from the C side become one string each, however often and in whatever order they come.</summary>
public sealed class Utf8InternerTests
{
    private static byte[] Padded(string name, int length = 16)
    {
        var bytes = new byte[length];
        Encoding.UTF8.GetBytes(name).CopyTo(bytes, 0);
        return bytes;
    }

    [Test]
    public void TheSameNameIsTheSameStringWhereverItStoodBefore()
    {
        var names = new Utf8Interner();
        var first = names.Intern(Padded("mpam_resctrl"));
        var others = Enumerable.Range(0, 5).Select(i => names.Intern(Padded($"other_{i}"))).ToList();
        Assert.That(names.Intern(Padded("mpam_resctrl")), Is.SameAs(first), "found behind five others");
        Assert.That(names.Intern(Padded("other_0")), Is.SameAs(others[0]));
        Assert.That(names.Intern(Encoding.UTF8.GetBytes("mpam_resctrl")), Is.SameAs(first), "with no NUL: the whole span is the name");
        Assert.That(names.Intern(Padded("mpam_resctr")), Is.EqualTo("mpam_resctr").And.Not.SameAs(first), "a prefix is another name");
    }
}
