package io.levqor.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringFilterTests {

    @Test
    void refusesAParameterWithoutAName() {
        assertThat(QueryStringFilter.firstError("=x").message()).isEqualTo("a parameter has no name");
        assertThat(QueryStringFilter.firstError("limit=5&=").field()).isEqualTo("query");
    }

    @Test
    void refusesBrokenEscapesBadUtf8AndNul() {
        assertThat(QueryStringFilter.firstError("a=%zz").field()).isEqualTo("query.a");
        assertThat(QueryStringFilter.firstError("a=%4").field()).isEqualTo("query.a");
        assertThat(QueryStringFilter.firstError("cursor=%E2%82").field()).isEqualTo("query.cursor");
        assertThat(QueryStringFilter.firstError("cursor=x%00y").message()).contains("NUL");
        assertThat(QueryStringFilter.firstError("%00=1").field()).isEqualTo("query.\\u0000");
    }

    @Test
    void letsWellFormedQueriesThrough() {
        assertThat(QueryStringFilter.firstError(null)).isNull();
        assertThat(QueryStringFilter.firstError("")).isNull();
        assertThat(QueryStringFilter.firstError("a=1&&b=2&c")).isNull();
        assertThat(QueryStringFilter.firstError("q=%F0%9F%92%A9+x&r=%25")).isNull();
    }
}
