from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "taille"
    max_page_size = 500
    page_query_param = "page"
    invalid_page_message = "Page invalide."
