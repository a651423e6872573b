using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SutazAI.Orchestrator.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database or broker.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<OrchestratorDbContext>
{
    public OrchestratorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OrchestratorDbContext>().UseNpgsql("Host=localhost;Database=design_time_only").Options);
}
