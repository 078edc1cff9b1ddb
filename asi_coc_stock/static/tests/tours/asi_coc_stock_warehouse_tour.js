import { registry } from "@web/core/registry";
import { shipAsAsiSteps } from "./asi_coc_stock_tour_steps";

/**
 * The warehouse path of ASI material (asi_coc_stock/tests/test_tour.py prepares the data):
 * receive a certified supplier's lot with its CoC data, see the lot ASI, ship it as ASI
 * material from that lot, see the CoC document number and print the delivery slip.
 */
registry.category("web_tour.tours").add("asi_coc_stock_warehouse_tour", {
    url: "/odoo/action-stock.action_picking_tree_all",
    steps: () => [
        // ---- Receipt: the supplier's CoC data on the detailed operations -----------------
        {
            content: "Open the receipt from the certified supplier that is ready to receive",
            // Not the earlier, already validated receipt of the same supplier.
            trigger:
                ".o_data_row:has(.o_data_cell[name='state']:contains('Ready')) " +
                ".o_data_cell[name='partner_id']:contains('Tour Smelter Ltd')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Ready')",
        },
        {
            content: "Open the detailed operations",
            trigger: ".o_form_view button[name='action_detailed_operations']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row .o_data_cell[name='lot_name']",
            run: "click",
        },
        {
            content: "Lot number",
            trigger: ".o_selected_row .o_field_widget[name='lot_name'] input",
            run: "edit TOUR-LOT-1",
        },
        {
            content: "The supplier's CoC document claims ASI material",
            trigger: ".o_selected_row .o_field_widget[name='asi_status'] select",
            run: 'select "asi"',
        },
        {
            content: "Supplier certificate number",
            trigger: ".o_selected_row .o_field_widget[name='asi_certificate_number'] input",
            run: "edit ASI-TOUR-STOCK-1",
        },
        {
            content: "Supplier CoC document",
            trigger: ".o_selected_row .o_field_widget[name='asi_document_ref'] input",
            run: "edit DN-TOUR-77",
        },
        {
            content: "Declared ASI mass",
            trigger: ".o_selected_row .o_field_widget[name='asi_declared_mass_kg'] input",
            run: "edit 1000",
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The line is saved",
            trigger:
                ".o_list_view:not(:has(.o_selected_row)) " +
                ".o_data_cell[name='asi_certificate_number']:contains('ASI-TOUR-STOCK-1')",
        },
        {
            content: "Back to the receipt",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('/IN/')",
            run: "click",
        },
        {
            content: "Validate the receipt",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        // ---- The lot is ASI ---------------------------------------------------------------
        {
            content: "Go to the Inventory app",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='stock.menu_stock_root']",
            run: "click",
        },
        {
            content: "Open the lots",
            trigger: ".o_main_navbar .o_menu_sections button:contains('Products')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Lots / Serial Numbers')",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_data_cell[name='name']:contains('TOUR-LOT-1')",
            run: "click",
        },
        {
            content: "The lot is ASI, with the supplier's certificate and CoC document",
            trigger:
                ".o_form_view .o_field_widget[name='asi_status'] " +
                ".badge:contains('ASI'):not(:contains('Non'))",
        },
        {
            // Read-only: the origin record of the lot's posted ledger line (V2.1 8.1).
            trigger:
                ".o_form_view .o_field_widget[name='asi_certificate_id']:not(:has(input))" +
                ":contains('ASI-TOUR-STOCK-1')",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name='asi_document_ref']:not(:has(input))" +
                ":contains('DN-TOUR-77')",
        },
        // ---- Delivery: ship the reserved lot as ASI material (mass balance) -------------------
        {
            content: "Open the deliveries",
            trigger: ".o_main_navbar .o_menu_sections button:contains('Operations')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Deliveries')",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_data_cell[name='partner_id']:contains('Tour Rolling Mill')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Ready')",
        },
        ...shipAsAsiSteps(),
        // ---- Print the delivery slip ---------------------------------------------------------
        {
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Print the delivery slip",
            trigger: ".o-dropdown--menu .o_menu_item:contains('Delivery Slip')",
            async run(helpers) {
                // The download blocks the UI while it runs; wait for it to start so that the
                // next step (which waits while the UI is blocked) follows its end.
                const started = new Promise((resolve) => {
                    const observer = new MutationObserver(() => {
                        if (document.querySelector(".o_blockUI")) {
                            observer.disconnect();
                            resolve();
                        }
                    });
                    observer.observe(document.body, { childList: true, subtree: true });
                    setTimeout(() => {
                        observer.disconnect();
                        resolve();
                    }, 5000);
                });
                await helpers.click();
                await started;
            },
        },
        {
            content: "Printing raised no error and the delivery is still shown",
            trigger:
                "body:not(:has(.o_error_dialog)) " +
                ".o_form_view .o_field_widget[name='asi_document_number']:contains('ASI/')",
        },
    ],
});
