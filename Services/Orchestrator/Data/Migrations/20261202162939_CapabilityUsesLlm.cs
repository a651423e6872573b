using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SutazAI.Orchestrator.Data.Migrations
{
    /// <inheritdoc />
    public partial class CapabilityUsesLlm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "UsesLlm",
                table: "capabilities",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UsesLlm",
                table: "capabilities");
        }
    }
}
