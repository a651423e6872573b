using SutazAI.Agents.Analyst.Skills;

namespace SutazAI.Agents.Tests.Analyst;

public class LanguageSkillTests
{
    [Theory]
    [InlineData("en", "The weather is nice today and we are going to the park with the children.")]
    [InlineData("de", "Das Wetter ist heute schön und wir gehen mit den Kindern in den Park.")]
    [InlineData("fr", "Il fait beau aujourd'hui et nous allons au parc avec les enfants.")]
    [InlineData("es", "Hace buen tiempo hoy y vamos al parque con los niños.")]
    [InlineData("it", "Oggi il tempo è bello e andiamo al parco con i bambini.")]
    [InlineData("pt", "O tempo está bom hoje e nós vamos ao parque com as crianças.")]
    [InlineData("nl", "Het weer is vandaag mooi en we gaan met de kinderen naar het park.")]
    [InlineData("en", "Please send me the report before the end of the week.")]
    [InlineData("de", "Ich habe keine Zeit, weil ich noch arbeiten muss.")]
    [InlineData("fr", "Je ne sais pas pourquoi elle est partie sans dire au revoir.")]
    [InlineData("es", "No sé por qué ella se fue sin decir adiós a nadie.")]
    [InlineData("it", "Non so perché lei se ne è andata senza salutare nessuno.")]
    [InlineData("pt", "Não sei por que ela foi embora sem dizer adeus a ninguém.")]
    [InlineData("nl", "Ik weet niet waarom zij zonder afscheid te nemen is vertrokken.")]
    public void Detects_each_supported_language(string expected, string text)
    {
        var result = LanguageSkill.Detect(text);
        Assert.Equal(expected, result.Language);
        Assert.InRange(result.Confidence, 0.3, 1.0);
    }

    [Fact]
    public void Gives_up_on_text_without_language_evidence() =>
        Assert.Equal(LanguageSkill.Undetermined, LanguageSkill.Detect("12345 67890 !!!").Language);
}
