using System.Collections.Frozen;

namespace SutazAI.Agents.Analyst.Text;

/// <summary>Function words of the languages the analyst knows; language detection and keyword extraction use them.</summary>
internal static class Stopwords
{
    public static readonly FrozenDictionary<string, FrozenSet<string>> ByLanguage = new Dictionary<string, string>
    {
        ["en"] = "the a an and or but if of to in on at by for with from as is are was were be been being this that these those it its they them their there here which who whom whose what when where why how not no nor so than too very can will just should would could have has had do does did i you he she we me my your our his her him us about into over after before under between through during again further then once all any both each few more most other some such only own same also up down out off am shall may might must",
        ["de"] = "der die das und ist nicht ein eine einen einem einer eines ich du er sie es wir ihr mit auf für von zu im den dem des auch sich als aber noch wie nach bei aus wenn nur war hat haben sind wird werden kann können dass oder mehr schon sehr so über um am vom zum zur diese dieser dieses jetzt hier was wer wo warum weil doch immer gegen ohne durch bis mein dein sein unser kein keine man uns mich mir dir ihm ihn ganz",
        ["fr"] = "le la les un une des et est sont pas ne je tu il elle nous vous ils elles de du au aux en dans sur avec pour par que qui quoi ce cette ces mais ou donc car son sa ses leur leurs mon ma mes ton ta tes très plus moins aussi comme bien être avoir fait été était sont ont nos vos lui y se qu c'est n'est j'ai d'un d'une l'on tout tous toute toutes sans chez entre",
        ["es"] = "el la los las un una unos unas y es son no yo tú él ella nosotros vosotros ellos ellas de del al en con por para que qué quien como pero o muy más menos también este esta estos estas ese esa eso su sus mi mis tu tus lo le les se hay está están estaba ser estar fue era ha han sin sobre entre cuando donde porque ya todo todos nada hasta desde nos",
        ["it"] = "il lo la i gli le un uno una e è sono non io tu lui lei noi voi loro di del della dei degli delle al allo alla ai agli alle in con su per tra fra che chi come ma o molto più meno anche questo questa questi queste quello quella suo sua suoi sue mio mia si ci ne ha hanno era essere stato sempre perché quando dove tutto tutti nel nella sul sulla dal dalla",
        ["pt"] = "o a os as um uma uns umas e é são não eu tu ele ela nós vós eles elas de do da dos das ao aos em no na nos nas com por para que quem como mas ou muito mais menos também este esta estes estas esse essa isso seu sua seus suas meu minha se há está estão estava ser estar foi era tem têm sem sobre entre quando onde porque já tudo todos nada até pelo pela você",
        ["nl"] = "de het een en is zijn niet ik jij je hij zij ze wij we jullie van voor met op aan in uit bij naar om over onder dat die dit deze wat wie waar hoe maar of ook heel zeer meer minder al nog wel geen er hier daar was waren heeft hebben wordt worden kan kunnen zal zou mijn jouw zijn haar ons onze hun te door tegen zonder omdat als dan toch altijd nooit",
    }.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet());

    public static FrozenSet<string> English => ByLanguage["en"];
}
