import { registry } from "@web/core/registry";
import { shipAsAsiSteps } from "@asi_coc_stock/../tests/tours/asi_coc_stock_tour_steps";

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
        ...shipAsAsiSteps(),
    ],
});
