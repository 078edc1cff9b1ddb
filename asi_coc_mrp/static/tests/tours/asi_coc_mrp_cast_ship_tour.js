import { registry } from "@web/core/registry";

/**
 * The producer's path under mass balance (asi_coc_mrp/tests/test_tour.py prepares the data):
 * a manufacturing order of billets shows the ASI balance of aluminium and is produced; the
 * billets, cast from a non-ASI ingot lot, ship as ASI material from the balance and the
 * delivery gets its CoC document number.
 */
registry.category("web_tour.tours").add("asi_coc_mrp_cast_tour", {
    steps: () => [
        {
            content: "The order shows the ASI balance of its product's material",
            trigger: ".o_form_view .o_field_widget[name='asi_available_kg']:contains('1,000.000')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='lot_producing_id'] input",
        },
        {
            content: "Produce all billets",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_mark_done']",
            run: "click",
        },
        {
            content: "The order is done",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});

registry.category("web_tour.tours").add("asi_coc_mrp_ship_tour", {
    steps: () => [
        {
            content: "The billets just cast were reserved when the order was done",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Ready')",
        },
        {
            content: "Ship the line as ASI material",
            trigger:
                "div[name='move_ids_without_package'] .o_data_row " +
                ".o_data_cell[name='asi_designated']",
            run: "click",
        },
        {
            trigger:
                "div[name='move_ids_without_package'] .o_selected_row " +
                ".o_field_widget[name='asi_designated'] input",
            run: "check",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Validate the delivery",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "The delivery carries a CoC document number",
            trigger: ".o_form_view .o_field_widget[name='asi_document_number']:contains('ASI/')",
        },
    ],
});
