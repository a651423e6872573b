using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SutazAI.Orchestrator.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "workflows",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "tasks",
                type: "integer",
                nullable: false,
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "workflows");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "tasks");
        }
    }
}
