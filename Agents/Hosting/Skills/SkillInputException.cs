namespace SutazAI.Agents.Hosting.Skills;

/// <summary>The input passed the schema but the skill still cannot use it; the task fails with invalid-input.</summary>
public sealed class SkillInputException(string message) : Exception(message);
