import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * ASI CoC overview: the tiles of asi.coc.dashboard.get_dashboard_data(); a click opens the
 * records behind a tile (asi.coc.dashboard.action_open_tile).
 */
export class AsiCocDashboard extends Component {
    static template = "asi_coc_report.AsiCocDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ company: "", companies: [] });
        onWillStart(() => this.load());
    }

    async load() {
        const data = await this.orm.call("asi.coc.dashboard", "get_dashboard_data", []);
        this.state.company = data.company;
        // Every company selected in the switcher, each with its own tiles.
        this.state.companies = data.companies;
    }

    async open(tile) {
        const action = await this.orm.call("asi.coc.dashboard", "action_open_tile", [
            tile.key,
            tile.params,
        ]);
        await this.action.doAction(action);
    }
}

registry.category("actions").add("asi_coc_report.dashboard", AsiCocDashboard);
